// Builders for the rows a spec needs. Values are unique per worker and run; every builder
// takes overrides. Rows are written by the lib/ functions the app writes them with (password
// hashes, ciphertexts, recovery codes, tokens, sealed cookies), so a change of format in lib/
// reaches the tests too. support/node-resolution.ts lets lib/ load in Playwright's Node.
import "./lib-env";
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { createPendingSignIn } from "@/lib/auth/pending-sign-in";
import { totpAssociatedData } from "@/lib/auth/second-factor";
import { sealSessionCookie } from "@/lib/auth/session-cookie";
import { SESSION_MAX_AGE_SECONDS, createSession } from "@/lib/auth/sessions";
import { encryptSecret } from "@/lib/crypto/encryption";
import type { Tx } from "@/lib/db/client";
import { issueEmailToken, type EmailTokenPurpose } from "@/lib/email-tokens/email-tokens";
import { replaceRecoveryCodes } from "@/lib/totp/recovery-codes";
import { generateTotpSecret } from "@/lib/totp/totp";
import type { Db } from "./db";
import { E2E_AUTH_SECRET, PENDING_SIGN_IN_COOKIE, SESSION_COOKIE } from "./env";

export { SESSION_MAX_AGE_SECONDS };

/** The lib/ functions take a transaction; the suite's client on the server's database serves as one. */
function asTx(db: Db): Tx {
  return db as unknown as Tx;
}

/** Who the fixtures' sessions and pending sign-ins say they came from. */
const FIXTURE_CONTEXT = { ipAddress: null, userAgent: "latchkey e2e fixture" };

/** Meets the default ("classic") policy: 8+ characters, upper, lower, number, special. */
export const TEST_PASSWORD = "Correct-Horse-42";

/** Unique within a run: worker index + time + randomness (Cal.com's pattern). */
export function uniqueTag(): string {
  const worker = process.env.TEST_WORKER_INDEX ?? "0";
  return `w${worker}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${uniqueTag()}@example.com`;
}

export type TestUserOverrides = {
  email?: string;
  firstName?: string;
  lastName?: string;
  password?: string;
  jobTitle?: string | null;
  phoneNumber?: string | null;
  theme?: "light" | "dark" | "system";
  /** Verified unless told otherwise: an established account, without the "verify" banner. */
  emailVerified?: boolean;
  orgName?: string;
  role?: "owner" | "admin" | "developer" | "member";
};

export type TestAccount = {
  user: { id: string; email: string; firstName: string; lastName: string };
  org: { id: string; name: string };
  password: string;
};

/** A user with a password, an organization and a membership (Owner unless overridden). */
export async function createTestUser(db: Db, overrides: TestUserOverrides = {}): Promise<TestAccount> {
  const tag = uniqueTag();
  const password = overrides.password ?? TEST_PASSWORD;
  const firstName = overrides.firstName ?? "Ada";
  const orgName = overrides.orgName ?? `${firstName}'s organization ${tag}`;
  const user = await db.user.create({
    data: {
      email: overrides.email ?? `user-${tag}@example.com`,
      firstName,
      lastName: overrides.lastName ?? "Lovelace",
      passwordHash: await hashPassword(password),
      jobTitle: overrides.jobTitle ?? null,
      phoneNumber: overrides.phoneNumber ?? null,
      theme: overrides.theme ?? "system",
      emailVerifiedAt: overrides.emailVerified === false ? null : new Date(),
    },
    select: { id: true, email: true, firstName: true, lastName: true },
  });
  const org = await db.organization.create({ data: { name: orgName, slug: `org-${tag}` }, select: { id: true, name: true } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: overrides.role ?? "owner" } });
  return { user, org, password };
}

export type TestSession = { sessionId: string; token: string; cookieValue: string };

/** A session as signing in makes it (lib/auth/sessions.ts), and its cookie as Auth.js seals it. */
export async function createTestSession(db: Db, userId: string, context: { ipAddress: string | null; userAgent: string } = FIXTURE_CONTEXT): Promise<TestSession> {
  const { token, sessionId } = await createSession(asTx(db), userId, context);
  const cookieValue = await sealSessionCookie({ sessionToken: token, secret: E2E_AUTH_SECRET, cookieName: SESSION_COOKIE });
  return { sessionId, token, cookieValue };
}

/** The cookie as the app sets it on http://localhost. */
export function sessionCookie(value: string) {
  return {
    name: SESSION_COOKIE,
    value,
    domain: "localhost",
    path: "/",
    httpOnly: true,
    secure: false,
    sameSite: "Lax" as const,
    expires: Math.floor(Date.now() / 1000) + SESSION_MAX_AGE_SECONDS,
  };
}

/** Deletes users (sessions and memberships go with them) and the organizations they were in. */
export async function deleteTestUsers(db: Db, { ids = [], emails = [] }: { ids?: string[]; emails?: string[] }): Promise<void> {
  if (ids.length === 0 && emails.length === 0) return;
  const users = await db.user.findMany({
    where: { OR: [{ id: { in: ids } }, { email: { in: emails } }] },
    select: { id: true, memberships: { select: { orgId: true } } },
  });
  const orgIds = users.flatMap((user) => user.memberships.map((membership) => membership.orgId));
  await db.user.deleteMany({ where: { id: { in: users.map((user) => user.id) } } });
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
}

// ---------------------------------------------------------------------------------------------
// Second factor, email links and pending sign-ins, written by lib/totp, lib/email-tokens and
// lib/auth/pending-sign-in.ts.

export type TestSecondFactor = { secret: string; recoveryCodes: string[] };

/**
 * Turns two-factor authentication on for a user, as if they had enrolled: a TOTP secret (no
 * code used yet) and ten unused recovery codes, returned in clear for the test to use.
 */
export async function enableTestTotp(db: Db, userId: string): Promise<TestSecondFactor> {
  const secret = generateTotpSecret();
  await db.user.update({
    where: { id: userId },
    data: { totpSecretCiphertext: encryptSecret(secret, totpAssociatedData(userId)), totpEnabledAt: new Date(), totpLastUsedStep: null },
  });
  const recoveryCodes = await replaceRecoveryCodes(asTx(db), userId);
  return { secret, recoveryCodes };
}

/** A live emailed-link token (lib/email-tokens): the link is `/<page>/<token>`. An earlier one of the same purpose stops working. */
export async function createTestEmailToken(db: Db, { userId, email, purpose }: { userId: string; email: string; purpose: EmailTokenPurpose }): Promise<string> {
  return issueEmailToken(asTx(db), userId, purpose, email);
}

/** The state after a correct password for an account with two-factor authentication. */
export async function createTestPendingSignIn(db: Db, userId: string): Promise<string> {
  return createPendingSignIn(asTx(db), userId, FIXTURE_CONTEXT);
}

export function pendingSignInCookie(token: string) {
  return { name: PENDING_SIGN_IN_COOKIE, value: token, domain: "localhost", path: "/", httpOnly: true, secure: false, sameSite: "Lax" as const };
}

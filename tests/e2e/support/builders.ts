// Builders for the rows a spec needs. Values are unique per worker and run; every builder
// takes overrides. Rows are written the way the app writes them (lib/accounts, lib/auth).
import { createCipheriv, createHash, randomBytes, randomInt } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { encode } from "next-auth/jwt";
import { generateSecret } from "otplib";
import type { Db } from "./db";
import { E2E_AUTH_SECRET, E2E_ENCRYPTION_KEY, PENDING_SIGN_IN_COOKIE, SESSION_COOKIE } from "./env";

/** lib/auth/sessions.ts SESSION_MAX_AGE_SECONDS */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

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

// lib/auth/password.ts: argon2id (algorithm 2), OWASP minimum cost, NFKC before hashing.
function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFKC"), { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
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

/**
 * A session as Auth.js and lib/auth/sessions.ts make it: a random token whose SHA-256 names
 * the row, sealed into the cookie as `{ sid }` with AUTH_SECRET and the cookie name as salt.
 */
export async function createTestSession(db: Db, userId: string): Promise<TestSession> {
  const token = randomBytes(32).toString("base64url");
  const session = await db.session.create({
    data: {
      tokenHash: createHash("sha256").update(token).digest("hex"),
      userId,
      userAgent: "latchkey e2e fixture",
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
    },
    select: { id: true },
  });
  const cookieValue = await encode({ token: { sid: token }, secret: E2E_AUTH_SECRET, salt: SESSION_COOKIE, maxAge: SESSION_MAX_AGE_SECONDS });
  return { sessionId: session.id, token, cookieValue };
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
// Second factor, email links and pending sign-ins, written the way lib/totp, lib/email-tokens
// and lib/auth/pending-sign-in.ts write them.

/** lib/crypto/encryption.ts: AES-256-GCM, `v1.<iv>.<ciphertext>.<tag>` in base64url, bound to its row. */
function encryptSecret(plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(E2E_ENCRYPTION_KEY, "base64"), iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** lib/totp/recovery-codes.ts: "k7mq2-x9hpt", from an alphabet without 0/o and 1/l/i. */
const RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export type TestSecondFactor = { secret: string; recoveryCodes: string[] };

/**
 * Turns two-factor authentication on for a user, as if they had enrolled: a TOTP secret (no
 * code used yet) and ten unused recovery codes, returned in clear for the test to use.
 */
export async function enableTestTotp(db: Db, userId: string): Promise<TestSecondFactor> {
  const secret = generateSecret({ length: 20 });
  const recoveryCodes = Array.from({ length: 10 }, () => {
    const raw = Array.from({ length: 10 }, () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)]).join("");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await db.user.update({
    where: { id: userId },
    data: { totpSecretCiphertext: encryptSecret(secret, `totp:${userId}`), totpEnabledAt: new Date(), totpLastUsedStep: null },
  });
  const hashes = await Promise.all(recoveryCodes.map((code) => hashPassword(code.replace("-", ""))));
  await db.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  return { secret, recoveryCodes };
}

/** A live emailed-link token (lib/email-tokens): the link is `/<page>/<token>`. */
export async function createTestEmailToken(
  db: Db,
  { userId, email, purpose }: { userId: string; email: string; purpose: "verify_email" | "change_email" | "reset_password" },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.emailToken.create({
    data: {
      userId,
      purpose,
      email,
      tokenHash: createHash("sha256").update(token).digest("hex"),
      expiresAt: new Date(Date.now() + 60 * 60 * 1000),
    },
  });
  return token;
}

/** The state after a correct password for an account with two-factor authentication. */
export async function createTestPendingSignIn(db: Db, userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.pendingSignIn.create({
    data: { tokenHash: createHash("sha256").update(token).digest("hex"), userId, userAgent: "latchkey e2e fixture", expiresAt: new Date(Date.now() + 5 * 60 * 1000) },
  });
  return token;
}

export function pendingSignInCookie(token: string) {
  return { name: PENDING_SIGN_IN_COOKIE, value: token, domain: "localhost", path: "/", httpOnly: true, secure: false, sameSite: "Lax" as const };
}

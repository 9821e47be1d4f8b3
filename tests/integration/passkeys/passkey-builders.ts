import { randomBytes } from "node:crypto";
// Passkeys for integration tests, made the way the Passkeys page makes them: step up, get the
// registration options, let a (software) authenticator answer, finish the registration.
import { authenticateWithPasskey } from "@/lib/auth/authenticate-with-password";
import { endStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { startPasskeyAuthentication } from "@/lib/webauthn/authentication";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/lib/webauthn/passkeys";
import { activeSession, createSignedInUser, stepUpWithPassword, testContext } from "../../fixtures/builders";
import { SoftwareAuthenticator, type CeremonyOverrides } from "./software-authenticator";

/** The origin the integration environment's APP_URL names (http://localhost:3000). */
export const APP_ORIGIN = new URL(process.env.APP_URL!).origin;

/**
 * A request context with an address of its own. The shared testContext() numbers addresses
 * per file, so two files of one run can share one; tests that look events up by address use this.
 */
export function uniqueContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return testContext({ ipAddress: `2001:db8:5::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`, ...overrides });
}

export type SignedInUser = Awaited<ReturnType<typeof createSignedInUser>>;

export function newAuthenticator(options: { synced?: boolean } = {}): SoftwareAuthenticator {
  return new SoftwareAuthenticator({ origin: APP_ORIGIN, ...options });
}

/** Steps up with the password (when the account has one) and adds a passkey; returns its row id. */
export async function addPasskey(
  user: { token: string; password: string },
  authenticator: SoftwareAuthenticator = newAuthenticator(),
  name = "Test key",
): Promise<{ passkeyId: string; authenticator: SoftwareAuthenticator }> {
  const session = (await activeSession(user.token)).user.hasPassword ? await stepUpWithPassword(user.token, user.password) : await activeSession(user.token);
  const options = await startPasskeyRegistration(session, uniqueContext());
  const { id } = await finishPasskeyRegistration(session, authenticator.register(options), name, testContext());
  return { passkeyId: id, authenticator };
}

/** A password user with one session (not elevated) and one passkey. */
export async function createPasskeyUser(authenticator: SoftwareAuthenticator = newAuthenticator()) {
  const user = await createSignedInUser();
  const { passkeyId } = await addPasskey(user, authenticator);
  await endStepUp(user.session.sessionId);
  return { ...user, passkeyId, authenticator, session: await activeSession(user.token) };
}

/** "Sign in with a passkey": options from the server, the authenticator answers, the server checks. */
export async function signInWithPasskey(authenticator: SoftwareAuthenticator, overrides: CeremonyOverrides = {}, context: RequestContext = uniqueContext()) {
  const options = await startPasskeyAuthentication("sign_in", {}, uniqueContext());
  const response = authenticator.assert(options, overrides);
  return { response, result: await authenticateWithPasskey(JSON.stringify(response), context) };
}

export function sessionsOf(userId: string) {
  return db.session.findMany({ where: { userId }, select: { id: true, signInMethod: true } });
}

export function auditActions(userId: string | null, action: string) {
  return db.auditEvent.findMany({ where: { userId, action }, select: { metadata: true, ipAddress: true } });
}

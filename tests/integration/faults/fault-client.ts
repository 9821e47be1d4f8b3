// What the fault tests send to a running Latchkey: sign-ups, sign-ins, profile saves and
// password changes through the pages' server actions, each from its own client address.
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { sealSessionCookie } from "@/lib/auth/session-cookie";
import { createSession } from "@/lib/auth/sessions";
import { sessionCookieNameFor } from "@/lib/config/app-url";
import type { Db, Tx } from "@/lib/db/client";
import { uniqueEmail } from "../../fixtures/builders";
import { SERVER_AUTH_SECRET } from "../../setup/latchkey-server";
import { callServerAction, cookieHeader, type ActionAnswer } from "../../setup/server-actions";

export const PASSWORD = "Correct-Horse-Battery-42";

let sequence = 0;
const PREFIX = `2001:db8:fa:${randomBytes(2).toString("hex")}`;

/** A documentation-range address per request, so per-address limits never decide an outcome. */
function clientAddress(): string {
  sequence += 1;
  return `${PREFIX}::${sequence.toString(16)}`;
}

export type Person = { email: string; password: string; cookie: string };

export async function signUp(origin: string, email = uniqueEmail("fault")): Promise<ActionAnswer & { person: Person }> {
  const answer = await callServerAction({
    origin,
    page: "/signup",
    action: ["app/(auth)/signup/actions.ts", "signUpAction"],
    fields: { firstName: "Fault", lastName: "Tester", email, password: PASSWORD, confirmPassword: PASSWORD },
    ip: clientAddress(),
  });
  return { ...answer, person: { email, password: PASSWORD, cookie: cookieHeader(answer.setCookie) } };
}

/**
 * `count` people with PASSWORD, each signed in, written straight to the server's database
 * (one password hash for all, made once): setting up many through the pages takes too long.
 */
export async function createSignedInPeople(database: Db, count: number): Promise<Person[]> {
  const passwordHash = await hashPassword(PASSWORD);
  // The server's APP_URL is plain http on loopback: the cookie has no __Host- prefix.
  const cookieName = sessionCookieNameFor(false);
  const people: Person[] = [];
  for (let index = 0; index < count; index += 1) {
    const email = uniqueEmail("fault-person");
    const user = await database.user.create({ data: { email, firstName: "Fault", lastName: "Tester", passwordHash, emailVerifiedAt: new Date() }, select: { id: true } });
    const { token } = await createSession(database as unknown as Tx, user.id, { ipAddress: null, userAgent: "fault-test" });
    people.push({ email, password: PASSWORD, cookie: `${cookieName}=${await sealSessionCookie({ sessionToken: token, secret: SERVER_AUTH_SECRET, cookieName })}` });
  }
  return people;
}

export function signIn(origin: string, email: string, password: string) {
  return callServerAction({ origin, page: "/login", action: ["app/(auth)/login/actions.ts", "signInAction"], fields: { email, password, next: "/settings" }, ip: clientAddress() });
}

export function saveProfile(origin: string, person: Person, lastName: string) {
  return callServerAction({
    origin,
    page: "/settings/profile",
    action: ["app/(settings)/settings/profile/actions.ts", "updateProfileAction"],
    fields: { firstName: "Fault", lastName, jobTitle: "", phoneNumber: "" },
    cookie: person.cookie,
    ip: clientAddress(),
  });
}

export function changePassword(origin: string, person: Person, newPassword: string) {
  return callServerAction({
    origin,
    page: "/settings/security",
    action: ["app/(settings)/settings/security/actions.ts", "changePasswordAction"],
    fields: { currentPassword: person.password, password: newPassword, confirmPassword: newPassword },
    cookie: person.cookie,
    ip: clientAddress(),
  });
}

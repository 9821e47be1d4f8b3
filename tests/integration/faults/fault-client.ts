// What the fault tests send to a running Latchkey: sign-ups, sign-ins, profile saves and
// password changes through the pages' server actions, each from its own client address.
import { randomBytes } from "node:crypto";
import { uniqueEmail } from "../../fixtures/builders";
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

// Organizations, people and action calls for the members and invitations tests: rows written
// straight to the database (no password hashing), actions called through `.run` as a form would.
import { randomBytes } from "node:crypto";
import { createSession, type ActiveSession } from "@/lib/auth/sessions";
import type { ServerAction } from "@/lib/actions/define-action";
import { db } from "@/lib/db/client";
import { activeSession, testContext, uniqueEmail } from "../../fixtures/builders";

/** The integration suite's APP_URL, as a same-site browser sends it. */
export const SAME_SITE = () => new Headers({ origin: "http://localhost:3000", host: "localhost:3000" });
export const CROSS_SITE = () => new Headers({ origin: "https://evil.example", host: "localhost:3000" });

/** A signed-in session for a user, as the next request would see it. */
export async function memberSession(userId: string): Promise<ActiveSession> {
  const { token } = await db.$transaction((tx) => createSession(tx, userId, testContext()));
  return activeSession(token);
}

export type Person = { userId: string; email: string; name: string; session: ActiveSession; membershipId: string | null };

/** A person with a verified address (unless told otherwise) and a session, in no organization. */
export async function createPerson({ firstName = "Ada", lastName = "Lovelace", email = uniqueEmail("person"), verified = true } = {}): Promise<Person> {
  const user = await db.user.create({ data: { email, firstName, lastName, emailVerifiedAt: verified ? new Date() : null }, select: { id: true } });
  return { userId: user.id, email, name: `${firstName} ${lastName}`, session: await memberSession(user.id), membershipId: null };
}

/** An organization whose members hold these roles, in order. */
export async function createOrganization(roles: string[], { names }: { names?: string[] } = {}) {
  const tag = randomBytes(4).toString("hex");
  const org = await db.organization.create({ data: { name: `Team ${tag}`, slug: `team-${tag}` }, select: { id: true, name: true } });
  const people: Person[] = [];
  for (const [index, role] of roles.entries()) {
    const person = await createPerson({ firstName: names?.[index] ?? `Person${index}`, lastName: role });
    const membership = await db.membership.create({ data: { orgId: org.id, userId: person.userId, role }, select: { id: true } });
    people.push({ ...person, membershipId: membership.id });
  }
  return { org, people };
}

/** Calls an action as `session` from a same-site page, with these form fields (arrays repeat a field). */
export function call<T>(action: Pick<ServerAction<T>, "run">, session: ActiveSession | null, fields: Record<string, string | string[]>, headers: Headers = SAME_SITE()) {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) formData.append(name, item);
  }
  return action.run({ headers, session }, formData);
}

/** Everything a members or invitations action could change in one organization. */
export async function organizationState(orgId: string) {
  const [memberships, companies, invitations, events] = await Promise.all([
    db.membership.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { id: true, userId: true, role: true, allCompanies: true } }),
    db.membershipCompany.findMany({ where: { membership: { orgId } }, orderBy: [{ membershipId: "asc" }, { companyId: "asc" }], select: { membershipId: true, companyId: true } }),
    db.invitation.findMany({
      where: { orgId },
      orderBy: { id: "asc" },
      select: { id: true, email: true, role: true, tokenHash: true, expiresAt: true, acceptedAt: true, revokedAt: true },
    }),
    db.auditEvent.findMany({ where: { orgId, action: { not: "authorization.refused" } }, orderBy: { id: "asc" }, select: { id: true } }),
  ]);
  return { memberships, companies, invitations, events };
}

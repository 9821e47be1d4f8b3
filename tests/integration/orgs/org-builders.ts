// Organizations with several members, and sessions for them, written straight to the
// database (no password hashing): the tests here are about memberships, not sign-in.
import { randomBytes } from "node:crypto";
import { createSession, type ActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { activeSession, testContext, uniqueEmail } from "../../fixtures/builders";

/** A signed-in session for a user, as the next request would see it. */
export async function memberSession(userId: string): Promise<ActiveSession> {
  const { token } = await db.$transaction((tx) => createSession(tx, userId, testContext()));
  return activeSession(token);
}

/** An organization whose members have these roles, in order, each with a session. */
export async function orgWithMembers(roles: string[]) {
  const tag = randomBytes(4).toString("hex");
  const org = await db.organization.create({ data: { name: `Team ${tag}`, slug: `team-${tag}` }, select: { id: true, name: true } });
  const sessions: ActiveSession[] = [];
  for (const role of roles) {
    const user = await db.user.create({ data: { email: uniqueEmail(role), firstName: "Org", lastName: role }, select: { id: true } });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role } });
    sessions.push(await memberSession(user.id));
  }
  return { org, sessions };
}

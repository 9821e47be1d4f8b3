// Leaving an organization (T-J3, /settings/memberships): a member leaves and it is logged in
// the organization's log; the last Owner is refused with a message that says what to do; an
// organization the person is not in answers NOT_FOUND, like one that doesn't exist.
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { leaveOrganization, listMemberships } from "@/lib/organizations/memberships";
import { createTestUser, testContext } from "../../fixtures/builders";
import { createOrganization, memberSession } from "./members-builders";

/** An organization from createOrganization, with its members' sessions in role order. */
function sessionsOf({ org, people }: Awaited<ReturnType<typeof createOrganization>>) {
  return { org, sessions: people.map((person) => person.session) };
}

async function snapshot(orgId: string) {
  const [memberships, events] = await Promise.all([
    db.membership.findMany({ where: { orgId }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
    db.auditEvent.findMany({ where: { orgId }, select: { id: true, action: true }, orderBy: { id: "asc" } }),
  ]);
  return { memberships, events };
}

describe("leaveOrganization", () => {
  test("a member who is not an Owner leaves; the organization's log records it", async () => {
    const { org, people } = await createOrganization(["owner", "member", "developer"]);
    const sessions = people.map((person) => person.session);
    const [, member, developer] = sessions;
    const context = testContext();

    await leaveOrganization(member!, org.id, context);

    expect((await snapshot(org.id)).memberships).toEqual(
      [
        { userId: sessions[0]!.user.id, role: "owner" },
        { userId: developer!.user.id, role: "developer" },
      ].sort((a, b) => (a.userId < b.userId ? -1 : 1)),
    );
    expect(await listMemberships(member!.user.id)).toEqual([]);
    const events = await db.auditEvent.findMany({ where: { action: "membership.left", userId: member!.user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ orgId: org.id, ipAddress: context.ipAddress, userAgent: context.userAgent });

    // Leaving again: no longer a member.
    await expect(leaveOrganization(member!, org.id, testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("an Owner with another Owner beside them may leave", async () => {
    const { org, people } = await createOrganization(["owner", "owner", "member"]);
    const sessions = people.map((person) => person.session);
    await leaveOrganization(sessions[1]!, org.id, testContext());
    expect((await snapshot(org.id)).memberships.filter((member) => member.role === "owner")).toEqual([{ userId: sessions[0]!.user.id, role: "owner" }]);
  });

  test("the last Owner is refused with a clear message, and nothing changes", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member"]);
    const sessions = people.map((person) => person.session);
    const before = await snapshot(org.id);

    await expect(leaveOrganization(sessions[0]!, org.id, testContext())).rejects.toMatchObject({
      code: "CONFLICT",
      message: `You are the only Owner of ${org.name}. Make someone else Owner, or delete the organization, before you leave.`,
    });

    expect(await snapshot(org.id)).toEqual(before);
  });

  test("the last Owner of an organization with no one else is refused too (it would be left with nobody)", async () => {
    const user = await createTestUser();
    const session = await memberSession(user.userId);
    const before = await snapshot(user.orgId);
    await expect(leaveOrganization(session, user.orgId, testContext())).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await snapshot(user.orgId)).toEqual(before);
  });

  test("another person's organization and an unknown id both answer NOT_FOUND, with the same message", async () => {
    const victim = sessionsOf(await createOrganization(["owner", "member"]));
    const outsider = sessionsOf(await createOrganization(["owner"]));
    const before = await snapshot(victim.org.id);

    const other = await leaveOrganization(outsider.sessions[0]!, victim.org.id, testContext()).catch((error: unknown) => error);
    const unknown = await leaveOrganization(outsider.sessions[0]!, "cnosuchorganization000000", testContext()).catch((error: unknown) => error);

    expect(other).toMatchObject({ code: "NOT_FOUND" });
    expect(unknown).toMatchObject({ code: "NOT_FOUND" });
    expect((other as Error).message).toBe((unknown as Error).message);
    expect(await snapshot(victim.org.id)).toEqual(before);
    expect(await db.auditEvent.count({ where: { userId: outsider.sessions[0]!.user.id, action: "membership.left" } })).toBe(0);
  });
});

// The members page's domain and actions (issue 9): listing with search and pages, role
// changes, company access, removal, and every escalation an Admin might try.
/** @see issue 9, "/settings/organization/members" */
import { describe, expect, test } from "vitest";
import { changeMemberCompaniesAction, changeMemberRoleAction, inviteMembersAction, removeMemberAction } from "@/app/(settings)/settings/organization/members/actions";
import { db } from "@/lib/db/client";
import { findMember, requireMember } from "@/lib/organizations/member";
import { listGrantableRoles, listMembers, MEMBERS_PAGE_SIZE } from "@/lib/organizations/members";
import { mailsTo, uniqueEmail } from "../../fixtures/builders";
import { call, createOrganization, memberSession, organizationState } from "./members-builders";

describe("listing", () => {
  test("search by name or email, pages of 50 in join order, last active from the newest session", async () => {
    const { org, people } = await createOrganization(["owner", "member"], { names: ["Ada", "Charles"] });
    const extra = Array.from({ length: MEMBERS_PAGE_SIZE + 5 }, (_, index) => ({ email: uniqueEmail(`bulk${index}`), firstName: "Bulk", lastName: `Person${index}` }));
    await db.user.createMany({ data: extra });
    const users = await db.user.findMany({ where: { email: { in: extra.map((user) => user.email) } }, select: { id: true } });
    await db.membership.createMany({ data: users.map((user, index) => ({ orgId: org.id, userId: user.id, role: "member", createdAt: new Date(Date.now() + 1000 + index) })) });
    const viewer = await requireMember(people[0]!.userId, org.id);
    // The newest of the member's sessions, whichever was opened first.
    const [older, newer] = [new Date(Date.now() - 3 * 3_600_000), new Date(Date.now() - 60_000)];
    await memberSession(people[0]!.userId);
    const sessions = await db.session.findMany({ where: { userId: people[0]!.userId }, select: { id: true }, orderBy: { createdAt: "asc" } });
    await db.session.update({ where: { id: sessions[0]!.id }, data: { lastActiveAt: newer } });
    await db.session.update({ where: { id: sessions[1]!.id }, data: { lastActiveAt: older } });

    const first = await listMembers(viewer);
    expect(first.members).toHaveLength(MEMBERS_PAGE_SIZE);
    expect(first.members[0]!.lastActiveAt).toEqual(newer);
    expect(first.members[0]).toMatchObject({ name: "Ada owner", roleName: "Owner", companies: null, manageable: false });
    expect(first.members[1]).toMatchObject({ name: "Charles member", roleName: "Member", manageable: true });
    expect(first.nextCursor).not.toBeNull();
    const second = await listMembers(viewer, { cursor: first.nextCursor! });
    expect(second.members).toHaveLength(7);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.members, ...second.members].map((member) => member.membershipId)).size).toBe(57);
    expect(second.members.every((member) => member.lastActiveAt === null)).toBe(true);

    expect((await listMembers(viewer, { query: "charles" })).members.map((member) => member.email)).toEqual([people[1]!.email]);
    expect((await listMembers(viewer, { query: people[1]!.email.toUpperCase() })).members.map((member) => member.name)).toEqual(["Charles member"]);
    expect((await listMembers(viewer, { query: "ada OWNER" })).members.map((member) => member.name)).toEqual(["Ada owner"]);
    expect((await listMembers(viewer, { query: "nobody-like-this" })).members).toEqual([]);
    // A NUL or another control character is a separator, never a database error.
    expect((await listMembers(viewer, { query: "ada\u0000owner" })).members.map((member) => member.name)).toEqual(["Ada owner"]);
    // %, _ and a backslash are letters to look for, not patterns: "a_a" would otherwise find "Ada".
    expect((await listMembers(viewer, { query: "a_a" })).members).toEqual([]);
    expect((await listMembers(viewer, { query: "%" })).members).toEqual([]);
    expect((await listMembers(viewer, { query: "\\" })).members).toEqual([]);
  });

  test("an Admin is offered every role but Owner; an Owner every role", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    await db.role.create({ data: { orgId: org.id, name: "Auditor", permissions: "audit_log.view" } });
    const names = async (index: number) => (await listGrantableRoles(await requireMember(people[index]!.userId, org.id))).map((role) => role.name);
    expect(await names(0)).toEqual(["Owner", "Admin", "Developer", "Member", "Auditor"]);
    expect(await names(1)).toEqual(["Admin", "Developer", "Member", "Auditor"]);
  });
});

describe("changing roles", () => {
  test("an Admin makes a Member a Developer: saved, logged for display, the member told by mail", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member"]);
    const [, admin, member] = people;

    const result = await call(changeMemberRoleAction, admin!.session, { organizationId: org.id, membershipId: member!.membershipId!, roleId: "developer" });

    expect(result).toMatchObject({ ok: true, message: `${member!.name} is now Developer.` });
    expect((await findMember(member!.userId, org.id))?.role.id).toBe("developer");
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "member.role_changed" } });
    expect(event.userId).toBe(admin!.userId);
    expect(JSON.parse(event.metadata)).toEqual({ targetEmail: member!.email, targetName: member!.name, previousRoleName: "Member", roleName: "Developer" });
    expect((await mailsTo(member!.email)).map((mail) => mail.subject)).toEqual([`Your role in ${org.name} changed`]);
  });

  test("an Owner makes another Owner an Admin and back", async () => {
    const { org, people } = await createOrganization(["owner", "owner"]);
    expect(await call(changeMemberRoleAction, people[0]!.session, { organizationId: org.id, membershipId: people[1]!.membershipId!, roleId: "admin" })).toMatchObject({ ok: true });
    expect(await call(changeMemberRoleAction, people[0]!.session, { organizationId: org.id, membershipId: people[1]!.membershipId!, roleId: "owner" })).toMatchObject({ ok: true });
    expect(await db.membership.count({ where: { orgId: org.id, role: "owner" } })).toBe(2);
  });

  test("a custom role: granted by someone who holds all of it, refused to someone who does not", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member", "member"]);
    const [owner, admin, member, other] = people;
    const keyReader = await db.role.create({ data: { orgId: org.id, name: "Key reader", permissions: "api_keys.view" } });
    const limitedManager = await db.role.create({ data: { orgId: org.id, name: "Inviter", permissions: "members.manage" } });
    await db.membership.update({ where: { id: other!.membershipId! }, data: { role: limitedManager.id } });

    expect(await call(changeMemberRoleAction, admin!.session, { organizationId: org.id, membershipId: member!.membershipId!, roleId: keyReader.id })).toMatchObject({ ok: true });
    // The Inviter role may manage members but holds no API key permission: it cannot hand one out.
    expect(await call(changeMemberRoleAction, other!.session, { organizationId: org.id, membershipId: member!.membershipId!, roleId: "developer" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await call(inviteMembersAction, other!.session, { organizationId: org.id, emails: uniqueEmail(), roleId: "admin" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(owner).toBeDefined();
  });
});

describe("escalation attempts: refused, nothing changed", () => {
  test("an Admin invites someone as Owner", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    const before = await organizationState(org.id);
    expect(await call(inviteMembersAction, people[1]!.session, { organizationId: org.id, emails: uniqueEmail(), roleId: "owner" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: "You can't grant the Owner role: it carries permissions you don't have.",
    });
    expect(await organizationState(org.id)).toEqual(before);
  });

  test("an Admin makes a Member an Owner, changes an Owner's role, removes an Owner", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member"]);
    const [owner, admin, member] = people;
    const before = await organizationState(org.id);
    const as = (fields: Record<string, string>) => ({ organizationId: org.id, ...fields });

    expect(await call(changeMemberRoleAction, admin!.session, as({ membershipId: member!.membershipId!, roleId: "owner" }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await call(changeMemberRoleAction, admin!.session, as({ membershipId: owner!.membershipId!, roleId: "member" }))).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: `Only an Owner can change or remove ${owner!.name}, who is an Owner.`,
    });
    expect(await call(removeMemberAction, admin!.session, as({ membershipId: owner!.membershipId! }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await call(changeMemberCompaniesAction, admin!.session, as({ membershipId: owner!.membershipId!, companyAccess: "all" }))).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await organizationState(org.id)).toEqual(before);
  });

  test("an Admin edits their own role (to Owner, or anything else)", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    const admin = people[1]!;
    const before = await organizationState(org.id);
    for (const roleId of ["owner", "member", "admin"]) {
      expect(await call(changeMemberRoleAction, admin.session, { organizationId: org.id, membershipId: admin.membershipId!, roleId })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
      });
    }
    expect(await call(removeMemberAction, admin.session, { organizationId: org.id, membershipId: admin.membershipId! })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await organizationState(org.id)).toEqual(before);
  });

  test('made-up roles: "superuser", "", "admin,owner", "admin owner", " owner"', async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member"]);
    const [, admin, member] = people;
    const before = await organizationState(org.id);
    for (const roleId of ["superuser", "", "admin,owner", "admin owner", "OWNER", "x".repeat(65)]) {
      const change = await call(changeMemberRoleAction, admin!.session, { organizationId: org.id, membershipId: member!.membershipId!, roleId });
      expect(change.ok, roleId).toBe(false);
      const invitation = await call(inviteMembersAction, admin!.session, { organizationId: org.id, emails: uniqueEmail(), roleId });
      expect(invitation.ok, roleId).toBe(false);
    }
    // " owner" is trimmed to "owner", which an Admin may not grant.
    expect(await call(changeMemberRoleAction, admin!.session, { organizationId: org.id, membershipId: member!.membershipId!, roleId: " owner" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await organizationState(org.id)).toEqual(before);
  });

  test("a Developer or Member may not manage members at all; the refusal is logged", async () => {
    const { org, people } = await createOrganization(["owner", "developer", "member"]);
    const [owner, developer, member] = people;
    const before = await organizationState(org.id);
    for (const actor of [developer!, member!]) {
      expect(await call(changeMemberRoleAction, actor.session, { organizationId: org.id, membershipId: owner!.membershipId!, roleId: "member" })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
      });
      expect(await call(removeMemberAction, actor.session, { organizationId: org.id, membershipId: owner!.membershipId! })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect(await organizationState(org.id)).toEqual(before);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "authorization.refused" } })).toBe(4);
  });
});

describe("company access", () => {
  test("limited to some companies, then all again; logged with the names", async () => {
    const { org, people } = await createOrganization(["owner", "member"]);
    const [alpha, beta] = await Promise.all(["Alpha", "Beta"].map((name) => db.company.create({ data: { orgId: org.id, name }, select: { id: true } })));
    const fields = { organizationId: org.id, membershipId: people[1]!.membershipId! };

    expect(await call(changeMemberCompaniesAction, people[0]!.session, { ...fields, companyAccess: "some", companyIds: [beta!.id, alpha!.id] })).toMatchObject({ ok: true });
    const viewer = await requireMember(people[0]!.userId, org.id);
    expect((await listMembers(viewer)).members[1]!.companies).toEqual([
      { id: alpha!.id, name: "Alpha" },
      { id: beta!.id, name: "Beta" },
    ]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "member.companies_changed" } });
    expect(JSON.parse(event.metadata)).toMatchObject({ targetEmail: people[1]!.email, companies: "Alpha, Beta" });

    expect(await call(changeMemberCompaniesAction, people[0]!.session, { ...fields, companyAccess: "all" })).toMatchObject({ ok: true });
    expect((await listMembers(viewer)).members[1]!.companies).toBeNull();
    expect(await db.membershipCompany.count({ where: { membershipId: people[1]!.membershipId! } })).toBe(0);
  });
});

describe("removing", () => {
  test("an Admin removes a Member: gone at once, logged, told by mail; their next request finds no membership", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member"]);
    const [, admin, member] = people;

    expect(await call(removeMemberAction, admin!.session, { organizationId: org.id, membershipId: member!.membershipId! })).toMatchObject({
      ok: true,
      message: `${member!.name} was removed from the organization.`,
    });

    expect(await findMember(member!.userId, org.id)).toBeNull();
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "member.removed" } });
    expect(JSON.parse(event.metadata)).toEqual({ targetEmail: member!.email, targetName: member!.name, roleName: "Member" });
    expect((await mailsTo(member!.email)).map((mail) => mail.subject)).toEqual([`You were removed from ${org.name}`]);
    // The removed person's own actions in the organization now answer Not Found.
    expect(await call(changeMemberRoleAction, member!.session, { organizationId: org.id, membershipId: admin!.membershipId!, roleId: "member" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    // Removing again: that membership no longer exists.
    expect(await call(removeMemberAction, admin!.session, { organizationId: org.id, membershipId: member!.membershipId! })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

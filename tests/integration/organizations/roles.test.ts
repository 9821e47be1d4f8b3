// Custom roles (issue 9, /settings/organization/roles): created, edited and deleted through the
// page's actions; a custom role's permissions are what can() answers for its members, from
// their next request; nobody puts into a role a permission they lack (no escalation); a role
// that members hold or an invitation offers is not deleted; each change is logged with it.
/** @see issue 9, "Roles" */
import { describe, expect, test } from "vitest";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "@/app/(settings)/settings/organization/roles/actions";
import { db } from "@/lib/db/client";
import { findMember, requireMember } from "@/lib/organizations/member";
import { PERMISSION_IDS, can } from "@/lib/organizations/permissions";
import { GRANTABLE_PERMISSIONS } from "@/lib/organizations/role-schemas";
import { createRole, listRolesWithHolders } from "@/lib/organizations/roles";
import { testContext } from "../../fixtures/builders";
import { call, createOrganization } from "./members-builders";

const FROM_ADDRESS = () => new Headers({ origin: "http://localhost:3000", host: "localhost:3000", "x-forwarded-for": "203.0.113.77" });

async function roleState(orgId: string) {
  const [roles, memberships, events] = await Promise.all([
    db.role.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { id: true, name: true, description: true, permissions: true } }),
    db.membership.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { id: true, role: true } }),
    db.auditEvent.findMany({ where: { orgId, action: { startsWith: "role." } }, orderBy: { id: "asc" }, select: { id: true } }),
  ]);
  return { roles, memberships, events };
}

async function refusals(userId: string, orgId: string) {
  return db.auditEvent.findMany({ where: { userId, orgId, action: "authorization.refused" }, select: { metadata: true } });
}

describe("creating, editing and deleting a custom role", () => {
  test("an Owner creates a role; it is stored without the base permission and logged with its permissions and address", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const result = await call(
      createRoleAction,
      people[0]!.session,
      { organizationId: org.id, name: "  Billing ", description: "Invoices and the audit trail", permissions: ["audit_log.view", "companies.manage"] },
      FROM_ADDRESS(),
    );
    expect(result).toMatchObject({ ok: true, message: "Role “Billing” created." });
    const role = await db.role.findFirstOrThrow({ where: { orgId: org.id } });
    // Stored in the list's order, whatever the form's.
    expect(role).toMatchObject({ name: "Billing", description: "Invoices and the audit trail", permissions: "companies.manage audit_log.view" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "role.created" } });
    expect(event).toMatchObject({ userId: people[0]!.userId, ipAddress: "203.0.113.77" });
    expect(JSON.parse(event.metadata)).toEqual({ roleId: role.id, roleName: "Billing", permissions: "companies.manage audit_log.view" });
  });

  test("a member's custom role is what can() answers, and an edit narrows or widens it from their next request", async () => {
    const { org, people } = await createOrganization(["owner", "member"]);
    const [owner, member] = people;
    await call(createRoleAction, owner!.session, { organizationId: org.id, name: "Auditor", permissions: "audit_log.view" });
    const role = await db.role.findFirstOrThrow({ where: { orgId: org.id, name: "Auditor" } });
    await db.membership.update({ where: { id: member!.membershipId! }, data: { role: role.id } });

    let seen = await requireMember(member!.userId, org.id);
    expect(seen.role).toMatchObject({ id: role.id, name: "Auditor", builtIn: false });
    expect(PERMISSION_IDS.filter((permission) => can(seen, permission))).toEqual(["organization.view", "audit_log.view"]);

    const widened = await call(updateRoleAction, owner!.session, {
      organizationId: org.id,
      roleId: role.id,
      name: "Auditor",
      description: "Reads the log, runs companies",
      permissions: ["audit_log.view", "companies.manage"],
    });
    expect(widened).toMatchObject({ ok: true, message: "Role “Auditor” saved. Its members have the new permissions from their next page." });
    seen = await requireMember(member!.userId, org.id);
    expect(PERMISSION_IDS.filter((permission) => can(seen, permission))).toEqual(["organization.view", "companies.manage", "audit_log.view"]);

    await call(updateRoleAction, owner!.session, { organizationId: org.id, roleId: role.id, name: "Company clerk", permissions: "companies.manage" });
    seen = await requireMember(member!.userId, org.id);
    expect(seen.role.name).toBe("Company clerk");
    expect(can(seen, "audit_log.view")).toBe(false);
    expect(can(seen, "companies.manage")).toBe(true);

    // No permissions at all: the role still sees the organization.
    await call(updateRoleAction, owner!.session, { organizationId: org.id, roleId: role.id, name: "Company clerk" });
    seen = await requireMember(member!.userId, org.id);
    expect(PERMISSION_IDS.filter((permission) => can(seen, permission))).toEqual(["organization.view"]);

    const events = await db.auditEvent.findMany({ where: { orgId: org.id, action: "role.updated" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(events.map((event) => JSON.parse(event.metadata))).toEqual([
      { roleId: role.id, roleName: "Auditor", permissions: "companies.manage audit_log.view", previousPermissions: "audit_log.view" },
      { roleId: role.id, roleName: "Company clerk", previousName: "Auditor", permissions: "companies.manage", previousPermissions: "companies.manage audit_log.view" },
      { roleId: role.id, roleName: "Company clerk", permissions: "", previousPermissions: "companies.manage" },
    ]);
  });

  test("the roles list: built-in roles first, then custom ones by name, with how many members hold each", async () => {
    const { org, people } = await createOrganization(["owner", "member", "member"]);
    const zeta = await db.role.create({ data: { orgId: org.id, name: "Zeta", permissions: "" } });
    await db.role.create({ data: { orgId: org.id, name: "Alpha", permissions: "audit_log.view" } });
    await db.membership.update({ where: { id: people[1]!.membershipId! }, data: { role: zeta.id } });
    const roles = await listRolesWithHolders(org.id);
    expect(roles.map((role) => [role.name, role.builtIn, role.holders])).toEqual([
      ["Owner", true, 1],
      ["Admin", true, 0],
      ["Developer", true, 0],
      ["Member", true, 1],
      ["Alpha", false, 0],
      ["Zeta", false, 1],
    ]);
  });

  test("a role members hold is not deleted: the answer says how many to move first; once moved, it goes and is logged", async () => {
    const { org, people } = await createOrganization(["owner", "member", "member", "member"]);
    const [owner, ...members] = people;
    const role = await db.role.create({ data: { orgId: org.id, name: "Billing", permissions: "audit_log.view" } });
    for (const member of members) await db.membership.update({ where: { id: member.membershipId! }, data: { role: role.id } });
    const before = await roleState(org.id);

    const refused = await call(deleteRoleAction, owner!.session, { organizationId: org.id, roleId: role.id });
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT", message: "3 members hold “Billing”. Give its 3 members another role first." });
    expect(await roleState(org.id)).toEqual(before);

    for (const member of members.slice(1)) await db.membership.update({ where: { id: member.membershipId! }, data: { role: "member" } });
    expect(await call(deleteRoleAction, owner!.session, { organizationId: org.id, roleId: role.id })).toMatchObject({
      ok: false,
      message: "1 member holds “Billing”. Give them another role first.",
    });

    await db.membership.update({ where: { id: members[0]!.membershipId! }, data: { role: "member" } });
    expect(await call(deleteRoleAction, owner!.session, { organizationId: org.id, roleId: role.id })).toMatchObject({ ok: true, message: "Role “Billing” deleted." });
    expect(await db.role.count({ where: { id: role.id } })).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "role.deleted" } });
    expect(JSON.parse(event.metadata)).toEqual({ roleId: role.id, roleName: "Billing", permissions: "audit_log.view" });

    // Deleting it again: it is gone.
    expect(await call(deleteRoleAction, owner!.session, { organizationId: org.id, roleId: role.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  test("a role a pending invitation offers is not deleted either", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const role = await db.role.create({ data: { orgId: org.id, name: "Support", permissions: "" } });
    await db.invitation.create({
      data: { orgId: org.id, email: "invitee@example.com", role: role.id, tokenHash: `hash-${role.id}`, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    expect(await call(deleteRoleAction, people[0]!.session, { organizationId: org.id, roleId: role.id })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "A pending invitation offers “Support”. Revoke it first.",
    });
    expect(await db.role.count({ where: { id: role.id } })).toBe(1);
  });
});

describe("names and input", () => {
  test("names are unique in the organization whatever their case, and built-in names are taken; another organization may reuse a name", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const other = await createOrganization(["owner"]);
    const session = people[0]!.session;
    expect(await call(createRoleAction, session, { organizationId: org.id, name: "Billing" })).toMatchObject({ ok: true });
    const taken = await call(createRoleAction, session, { organizationId: org.id, name: "BILLING" });
    expect(taken).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { name: ["A role with that name already exists. Choose another."] }, fields: { name: "BILLING" } });
    expect(await call(createRoleAction, session, { organizationId: org.id, name: "owner" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { name: ["That name belongs to a built-in role. Choose another."] },
    });
    expect(await call(createRoleAction, other.people[0]!.session, { organizationId: other.org.id, name: "Billing" })).toMatchObject({ ok: true });

    // Renaming onto another role's name is refused; keeping one's own name is fine.
    await call(createRoleAction, session, { organizationId: org.id, name: "Support" });
    const support = await db.role.findFirstOrThrow({ where: { orgId: org.id, name: "Support" } });
    expect(await call(updateRoleAction, session, { organizationId: org.id, roleId: support.id, name: "billing" })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await call(updateRoleAction, session, { organizationId: org.id, roleId: support.id, name: "Support", description: "Helps" })).toMatchObject({ ok: true });
    expect(await db.role.count({ where: { orgId: org.id } })).toBe(2);
  });

  test("bad input changes nothing: empty or long names, control characters, unknown or base permissions", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const session = people[0]!.session;
    const cases: [Record<string, string | string[]>, string][] = [
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(51) }, "name"],
      [{ name: "Bad\u0007name" }, "name"],
      [{ name: "Ok", description: "d".repeat(201) }, "description"],
      [{ name: "Ok", permissions: "everything" }, "permissions"],
      [{ name: "Ok", permissions: "organization.view" }, "permissions"],
      [{ name: "Ok", permissions: Array.from({ length: 20 }, () => "audit_log.view") }, "permissions"],
    ];
    for (const [fields, field] of cases) {
      const result = await call(createRoleAction, session, { organizationId: org.id, ...fields });
      expect(result, JSON.stringify(fields)).toMatchObject({ ok: false, code: "INVALID_INPUT" });
      expect(result.ok ? {} : result.fieldErrors, JSON.stringify(fields)).toHaveProperty(field);
    }
    expect((await roleState(org.id)).roles).toEqual([]);
  });

  test("the permissions a custom role may carry: all but owners.manage and the base organization.view", () => {
    expect(GRANTABLE_PERMISSIONS.map((permission) => permission.id)).toEqual(PERMISSION_IDS.filter((id) => id !== "owners.manage" && id !== "organization.view"));
  });
});

describe("no escalation", () => {
  test("an Admin cannot make a role with owners.manage, through the form or the domain function", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    const admin = people[1]!;
    const result = await call(createRoleAction, admin.session, { organizationId: org.id, name: "Shadow owner", permissions: ["owners.manage", "members.manage"] });
    expect(result).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { permissions: expect.any(Array) } });
    // Even an Owner cannot, past the form: only Owners are Owners.
    const owner = await requireMember(people[0]!.userId, org.id);
    await expect(createRole({ actor: owner, input: { name: "Shadow owner", description: "", permissions: ["owners.manage"] }, context: testContext() })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    expect((await roleState(org.id)).roles).toEqual([]);
  });

  test("a custom role with members.manage but no roles.manage is Forbidden, and the refusal is logged", async () => {
    const { org, people } = await createOrganization(["owner", "member"]);
    const inviter = await db.role.create({ data: { orgId: org.id, name: "Inviter", permissions: "members.manage" } });
    await db.membership.update({ where: { id: people[1]!.membershipId! }, data: { role: inviter.id } });
    const result = await call(createRoleAction, people[1]!.session, { organizationId: org.id, name: "Keys", permissions: "api_keys.manage" });
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await refusals(people[1]!.userId, org.id)).map((row) => JSON.parse(row.metadata))).toEqual([{ permission: "roles.manage", role: inviter.id }]);
  });

  test("a custom role with members.manage and roles.manage but no api_keys.* cannot put api_keys.manage in a role, nor edit or delete a role that has it", async () => {
    const { org, people } = await createOrganization(["owner", "member"]);
    const [owner, manager] = people;
    const managerRole = await db.role.create({ data: { orgId: org.id, name: "People lead", permissions: "members.manage roles.manage" } });
    await db.membership.update({ where: { id: manager!.membershipId! }, data: { role: managerRole.id } });
    const keys = await db.role.create({ data: { orgId: org.id, name: "Key keeper", permissions: "api_keys.view api_keys.manage" } });
    const before = await roleState(org.id);

    const created = await call(createRoleAction, manager!.session, { organizationId: org.id, name: "Keys", permissions: ["members.manage", "api_keys.manage"] });
    expect(created).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: "Your role doesn't include “Create, rotate and revoke every API key”, so you can't put it in a role or take it out of one.",
    });
    // Narrowing a role that holds more than the actor is refused too: it would change what its members may do.
    const narrowed = await call(updateRoleAction, manager!.session, { organizationId: org.id, roleId: keys.id, name: "Key keeper", permissions: [] });
    expect(narrowed).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await call(deleteRoleAction, manager!.session, { organizationId: org.id, roleId: keys.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // Widening their own role is the same refusal.
    expect(
      await call(updateRoleAction, manager!.session, {
        organizationId: org.id,
        roleId: managerRole.id,
        name: "People lead",
        permissions: ["members.manage", "roles.manage", "audit_log.view"],
      }),
    ).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await roleState(org.id)).toEqual(before);
    expect((await refusals(manager!.userId, org.id)).map((row) => JSON.parse(row.metadata).permission).sort()).toEqual([
      "api_keys.manage",
      "api_keys.view",
      "api_keys.view",
      "audit_log.view",
    ]);

    // What they hold, they may hand out.
    expect(await call(createRoleAction, manager!.session, { organizationId: org.id, name: "Inviter", permissions: "members.manage" })).toMatchObject({ ok: true });
    // The Owner, who holds everything, may edit the key role.
    expect(await call(updateRoleAction, owner!.session, { organizationId: org.id, roleId: keys.id, name: "Key keeper", permissions: "api_keys.view" })).toMatchObject({ ok: true });
  });

  test("an actor demoted a moment ago is judged by their role now, not by the one they loaded the page with", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    const admin = await requireMember(people[1]!.userId, org.id);
    await db.membership.update({ where: { id: people[1]!.membershipId! }, data: { role: "member" } });
    await expect(createRole({ actor: admin, input: { name: "Late", description: "", permissions: [] }, context: testContext() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.role.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe("authorization of every roles action", () => {
  test("a Member, a Developer and a custom role without roles.manage get FORBIDDEN, logged once per try", async () => {
    const { org, people } = await createOrganization(["owner", "member", "developer"]);
    const role = await db.role.create({ data: { orgId: org.id, name: "Billing", permissions: "audit_log.view" } });
    const before = await roleState(org.id);
    for (const person of people.slice(1)) {
      const results = [
        await call(createRoleAction, person.session, { organizationId: org.id, name: "Mine", permissions: "audit_log.view" }),
        await call(updateRoleAction, person.session, { organizationId: org.id, roleId: role.id, name: "Mine" }),
        await call(deleteRoleAction, person.session, { organizationId: org.id, roleId: role.id }),
      ];
      for (const result of results) expect(result).toMatchObject({ ok: false, code: "FORBIDDEN", message: "You don't have permission to do that." });
      expect((await refusals(person.userId, org.id)).map((row) => JSON.parse(row.metadata).permission)).toEqual(["roles.manage", "roles.manage", "roles.manage"]);
    }
    expect(await roleState(org.id)).toEqual(before);
  });

  test("another organization's role id answers NOT_FOUND and changes nothing, wherever the organization id points", async () => {
    const victim = await createOrganization(["owner", "member"]);
    const attacker = await createOrganization(["owner"]);
    const role = await db.role.create({ data: { orgId: victim.org.id, name: "Billing", permissions: "audit_log.view" } });
    const before = await roleState(victim.org.id);
    const session = attacker.people[0]!.session;
    for (const organizationId of [attacker.org.id, victim.org.id, "cnosuchorganization000000"]) {
      expect(await call(updateRoleAction, session, { organizationId, roleId: role.id, name: "Pwned", permissions: "members.manage" })).toMatchObject({
        ok: false,
        code: "NOT_FOUND",
      });
      expect(await call(deleteRoleAction, session, { organizationId, roleId: role.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    }
    expect(await call(createRoleAction, session, { organizationId: victim.org.id, name: "Pwned" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await roleState(victim.org.id)).toEqual(before);
    expect(await db.auditEvent.count({ where: { orgId: victim.org.id } })).toBe(0);
    expect(await db.role.count({ where: { orgId: attacker.org.id } })).toBe(0);
  });

  test("signed out, the action asks to sign in; cross-site, it is refused before anything else", async () => {
    const { org, people } = await createOrganization(["owner"]);
    expect(await call(createRoleAction, null, { organizationId: org.id, name: "Ghost" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    const crossSite = new Headers({ origin: "https://evil.example", host: "localhost:3000" });
    expect(await call(createRoleAction, people[0]!.session, { organizationId: org.id, name: "Ghost" }, crossSite)).toMatchObject({ ok: false, code: "CROSS_SITE" });
    expect(await db.role.count({ where: { orgId: org.id } })).toBe(0);
  });

  test("a member whose role was deleted under them keeps only the base permission", async () => {
    const { org, people } = await createOrganization(["owner", "member"]);
    const role = await db.role.create({ data: { orgId: org.id, name: "Temp", permissions: "audit_log.view" } });
    await db.membership.update({ where: { id: people[1]!.membershipId! }, data: { role: role.id } });
    await db.role.delete({ where: { id: role.id } });
    const seen = await findMember(people[1]!.userId, org.id);
    expect(PERMISSION_IDS.filter((permission) => can(seen!, permission))).toEqual(["organization.view"]);
  });
});

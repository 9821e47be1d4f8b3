// Companies (issue 9, seed 004, /settings/organization/companies): created, renamed and deleted
// by members with companies.manage, names unique per organization whatever their case; deleting
// one leaves members their other companies; each person's Organizations page names their role
// and companies; every change is logged with it, and nobody reaches another organization's.
/** @see issue 9, "Companies" */
import { describe, expect, test } from "vitest";
import { createCompanyAction, deleteCompanyAction, renameCompanyAction } from "@/app/(settings)/settings/organization/companies/actions";
import { db } from "@/lib/db/client";
import { listCompaniesWithAccess } from "@/lib/organizations/companies";
import { listMemberships } from "@/lib/organizations/memberships";
import { call, createOrganization } from "./members-builders";

async function companyState(orgId: string) {
  const [companies, access, invitations, events] = await Promise.all([
    db.company.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { id: true, name: true } }),
    db.membershipCompany.findMany({ where: { company: { orgId } }, orderBy: [{ membershipId: "asc" }, { companyId: "asc" }], select: { membershipId: true, companyId: true } }),
    db.invitation.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { id: true, companyIds: true } }),
    db.auditEvent.findMany({ where: { orgId, action: { startsWith: "company." } }, orderBy: { id: "asc" }, select: { id: true } }),
  ]);
  return { companies, access, invitations, events };
}

async function companyId(orgId: string, name: string) {
  return (await db.company.findFirstOrThrow({ where: { orgId, name }, select: { id: true } })).id;
}

describe("creating, renaming and deleting companies", () => {
  test("an Admin creates, renames and deletes a company; each change is logged with its names and address", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    const session = people[1]!.session;
    const headers = new Headers({ origin: "http://localhost:3000", host: "localhost:3000", "x-forwarded-for": "198.51.100.23" });

    expect(await call(createCompanyAction, session, { organizationId: org.id, name: " Acme Retail " }, headers)).toMatchObject({
      ok: true,
      message: "Company “Acme Retail” created.",
    });
    const id = await companyId(org.id, "Acme Retail");
    expect(await call(renameCompanyAction, session, { organizationId: org.id, companyId: id, name: "Acme Stores" }, headers)).toMatchObject({
      ok: true,
      message: "Company renamed to “Acme Stores”.",
    });
    // The same name again: nothing to log.
    expect(await call(renameCompanyAction, session, { organizationId: org.id, companyId: id, name: "Acme Stores" }, headers)).toMatchObject({ ok: true });
    expect(await call(deleteCompanyAction, session, { organizationId: org.id, companyId: id }, headers)).toMatchObject({ ok: true, message: "Company “Acme Stores” deleted." });
    expect(await db.company.count({ where: { orgId: org.id } })).toBe(0);

    const events = await db.auditEvent.findMany({ where: { orgId: org.id, action: { startsWith: "company." } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(events.map((event) => [event.action, event.userId, event.ipAddress, JSON.parse(event.metadata)])).toEqual([
      ["company.created", people[1]!.userId, "198.51.100.23", { companyId: id, companyName: "Acme Retail" }],
      ["company.renamed", people[1]!.userId, "198.51.100.23", { companyId: id, companyName: "Acme Stores", previousName: "Acme Retail" }],
      ["company.deleted", people[1]!.userId, "198.51.100.23", { companyId: id, companyName: "Acme Stores" }],
    ]);
  });

  test("names are unique in the organization whatever their case; another organization may use the same name", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const other = await createOrganization(["owner"]);
    const session = people[0]!.session;
    await call(createCompanyAction, session, { organizationId: org.id, name: "Acme" });
    await call(createCompanyAction, session, { organizationId: org.id, name: "Globex" });
    const before = await companyState(org.id);

    const taken = await call(createCompanyAction, session, { organizationId: org.id, name: "ACME" });
    expect(taken).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { name: ["A company with that name already exists. Choose another."] }, fields: { name: "ACME" } });
    expect(await call(renameCompanyAction, session, { organizationId: org.id, companyId: await companyId(org.id, "Globex"), name: "acme" })).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
    expect(await companyState(org.id)).toEqual(before);
    expect(await call(createCompanyAction, other.people[0]!.session, { organizationId: other.org.id, name: "Acme" })).toMatchObject({ ok: true });
  });

  test("two creations of the same name at once: one company, one clear refusal", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    const results = await Promise.all(people.map((person) => call(createCompanyAction, person.session, { organizationId: org.id, name: "Initech" })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([expect.objectContaining({ code: "CONFLICT" })]);
    expect(await db.company.count({ where: { orgId: org.id } })).toBe(1);
  });

  test("bad names change nothing", async () => {
    const { org, people } = await createOrganization(["owner"]);
    for (const name of ["", "   ", "x".repeat(101), "Evil\u202Eexe", "Tab\there"]) {
      const result = await call(createCompanyAction, people[0]!.session, { organizationId: org.id, name });
      expect(result, JSON.stringify(name)).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { name: expect.any(Array) } });
    }
    expect(await call(renameCompanyAction, people[0]!.session, { organizationId: org.id, name: "No id" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { companyId: expect.any(Array) },
    });
    expect(await db.company.count({ where: { orgId: org.id } })).toBe(0);
  });

  test("deleting a company: members limited to it keep their other companies; invitations stop offering it", async () => {
    const { org, people } = await createOrganization(["owner", "member", "member"]);
    const [owner, limited, everywhere] = people;
    const acme = await db.company.create({ data: { orgId: org.id, name: "Acme" } });
    const globex = await db.company.create({ data: { orgId: org.id, name: "Globex" } });
    await db.membership.update({ where: { id: limited!.membershipId! }, data: { allCompanies: false, companies: { create: [{ companyId: acme.id }, { companyId: globex.id }] } } });
    const invitation = await db.invitation.create({
      data: {
        orgId: org.id,
        email: "new@example.com",
        role: "member",
        allCompanies: false,
        companyIds: `${acme.id} ${globex.id}`,
        tokenHash: `hash-${acme.id}`,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });

    expect((await listCompaniesWithAccess(org.id)).map((company) => [company.name, company.memberCount])).toEqual([
      ["Acme", 3],
      ["Globex", 3],
    ]);
    expect((await listMemberships(limited!.userId))[0]).toMatchObject({ roleName: "Member", companies: ["Acme", "Globex"] });

    expect(await call(deleteCompanyAction, owner!.session, { organizationId: org.id, companyId: acme.id })).toMatchObject({ ok: true });

    expect(await db.membershipCompany.findMany({ where: { membershipId: limited!.membershipId! }, select: { companyId: true } })).toEqual([{ companyId: globex.id }]);
    expect((await listMemberships(limited!.userId))[0]).toMatchObject({ companies: ["Globex"] });
    expect((await listMemberships(everywhere!.userId))[0]).toMatchObject({ companies: "all" });
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).companyIds).toBe(globex.id);
    expect((await listCompaniesWithAccess(org.id)).map((company) => [company.name, company.memberCount])).toEqual([["Globex", 3]]);
  });
});

describe("the Organizations page's role and companies", () => {
  test("a custom role shows by name; built-in ones by theirs; companies 'all' or the list by name", async () => {
    const first = await createOrganization(["owner", "member"]);
    const person = first.people[1]!;
    const auditor = await db.role.create({ data: { orgId: first.org.id, name: "Auditor", permissions: "audit_log.view" } });
    await db.membership.update({ where: { id: person.membershipId! }, data: { role: auditor.id } });
    const second = await createOrganization(["owner"]);
    const zeta = await db.company.create({ data: { orgId: second.org.id, name: "Zeta" } });
    const alpha = await db.company.create({ data: { orgId: second.org.id, name: "Alpha" } });
    await db.membership.create({
      data: { orgId: second.org.id, userId: person.userId, role: "developer", allCompanies: false, companies: { create: [{ companyId: zeta.id }, { companyId: alpha.id }] } },
    });
    // A role id of the first organization written onto a membership of the second is not read as that role.
    const third = await createOrganization(["owner"]);
    await db.membership.create({ data: { orgId: third.org.id, userId: person.userId, role: auditor.id } });

    expect((await listMemberships(person.userId)).map((membership) => [membership.name, membership.roleName, membership.companies])).toEqual([
      [first.org.name, "Auditor", "all"],
      [second.org.name, "Developer", ["Alpha", "Zeta"]],
      [third.org.name, "Unknown role", "all"],
    ]);
  });
});

describe("authorization of every companies action", () => {
  test("a Member, a Developer and a custom role without companies.manage get FORBIDDEN, logged; nothing changes", async () => {
    const { org, people } = await createOrganization(["owner", "member", "developer", "member"]);
    const auditor = await db.role.create({ data: { orgId: org.id, name: "Auditor", permissions: "audit_log.view" } });
    await db.membership.update({ where: { id: people[3]!.membershipId! }, data: { role: auditor.id } });
    const acme = await db.company.create({ data: { orgId: org.id, name: "Acme" } });
    const before = await companyState(org.id);
    for (const person of people.slice(1)) {
      const results = [
        await call(createCompanyAction, person.session, { organizationId: org.id, name: "Mine" }),
        await call(renameCompanyAction, person.session, { organizationId: org.id, companyId: acme.id, name: "Mine" }),
        await call(deleteCompanyAction, person.session, { organizationId: org.id, companyId: acme.id }),
      ];
      for (const result of results) expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
      const refused = await db.auditEvent.findMany({ where: { orgId: org.id, userId: person.userId, action: "authorization.refused" }, select: { metadata: true } });
      expect(refused.map((row) => JSON.parse(row.metadata).permission)).toEqual(["companies.manage", "companies.manage", "companies.manage"]);
    }
    expect(await companyState(org.id)).toEqual(before);
  });

  test("a custom role with companies.manage may run companies", async () => {
    const { org, people } = await createOrganization(["owner", "member"]);
    const clerk = await db.role.create({ data: { orgId: org.id, name: "Clerk", permissions: "companies.manage" } });
    await db.membership.update({ where: { id: people[1]!.membershipId! }, data: { role: clerk.id } });
    expect(await call(createCompanyAction, people[1]!.session, { organizationId: org.id, name: "Hooli" })).toMatchObject({ ok: true });
  });

  test("another organization's company id answers NOT_FOUND and changes nothing, wherever the organization id points", async () => {
    const victim = await createOrganization(["owner", "member"]);
    const attacker = await createOrganization(["owner"]);
    const acme = await db.company.create({ data: { orgId: victim.org.id, name: "Acme" } });
    await db.membership.update({ where: { id: victim.people[1]!.membershipId! }, data: { allCompanies: false, companies: { create: [{ companyId: acme.id }] } } });
    const before = await companyState(victim.org.id);
    const session = attacker.people[0]!.session;
    for (const organizationId of [attacker.org.id, victim.org.id, "cnosuchorganization000000"]) {
      expect(await call(renameCompanyAction, session, { organizationId, companyId: acme.id, name: "Pwned" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await call(deleteCompanyAction, session, { organizationId, companyId: acme.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    }
    expect(await call(createCompanyAction, session, { organizationId: victim.org.id, name: "Pwned" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await companyState(victim.org.id)).toEqual(before);
    expect(await db.auditEvent.count({ where: { orgId: victim.org.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { orgId: attacker.org.id, action: { startsWith: "company." } } })).toBe(0);
  });

  test("signed out or cross-site: refused, nothing made", async () => {
    const { org, people } = await createOrganization(["owner"]);
    expect(await call(createCompanyAction, null, { organizationId: org.id, name: "Ghost" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    const crossSite = new Headers({ origin: "https://evil.example", host: "localhost:3000" });
    expect(await call(createCompanyAction, people[0]!.session, { organizationId: org.id, name: "Ghost" }, crossSite)).toMatchObject({ ok: false, code: "CROSS_SITE" });
    expect(await db.company.count({ where: { orgId: org.id } })).toBe(0);
  });
});

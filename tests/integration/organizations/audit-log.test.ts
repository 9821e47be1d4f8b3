// The organization audit log (issue 9, /settings/organization/audit-log): every event with the
// organization's id, with who did it (or "Deleted user"), whom or what it was about, when and
// from where; filters by event group, actor and dates; keyset pages that return each row once
// even when rows share a timestamp; a CSV of exactly the filtered view with formula-looking
// fields neutralised; only for roles with audit_log.view.
/** @see issue 9, "/settings/organization/audit-log" */
import { describe, expect, test } from "vitest";
import { createCompanyAction, renameCompanyAction } from "@/app/(settings)/settings/organization/companies/actions";
import { createRoleAction } from "@/app/(settings)/settings/organization/roles/actions";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { refuseTooManyExports } from "@/lib/audit/csv";
import { ORGANIZATION_EVENT_GROUPS } from "@/lib/audit/describe-event";
import { listSecurityEvents } from "@/lib/audit/queries";
import { listLogActors, listOrganizationEvents, organizationLogCsv, organizationLogFilterSchema, type OrganizationLogFilter } from "@/lib/audit/organization-log";
import { db } from "@/lib/db/client";
import { requireMember } from "@/lib/organizations/member";
import { call, createOrganization } from "./members-builders";

type Entry = Awaited<ReturnType<typeof listOrganizationEvents>>["entries"][number];

async function walk(viewer: Parameters<typeof listOrganizationEvents>[0], filter: OrganizationLogFilter = {}, pageSize = 25) {
  const entries: Entry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listOrganizationEvents(viewer, { ...filter, cursor }, pageSize);
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
    if (pages > 100) throw new Error("the cursor never ends");
  } while (cursor);
  return { entries, pages };
}

async function insertEvent(orgId: string | null, userId: string | null, action: string, createdAt: Date, metadata: object = {}, ipAddress = "192.0.2.44") {
  return (await db.auditEvent.create({ data: { orgId, userId, action, createdAt, ipAddress, metadata: JSON.stringify(metadata) }, select: { id: true } })).id;
}

async function csvOf(viewer: Parameters<typeof organizationLogCsv>[0], filter: OrganizationLogFilter): Promise<string[][]> {
  let text = "";
  for await (const chunk of organizationLogCsv(viewer, filter)) text += chunk;
  const lines = text.split("\r\n");
  expect(lines.at(-1)).toBe("");
  return lines.slice(0, -1).map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replaceAll('""', '"')));
}

describe("what the log shows", () => {
  test("events written by the organization's actions appear newest first with label, actor, target, details and address", async () => {
    const { org, people } = await createOrganization(["owner"], { names: ["Grace"] });
    const owner = people[0]!;
    const headers = () => new Headers({ origin: "http://localhost:3000", host: "localhost:3000", "x-forwarded-for": "203.0.113.9" });
    await call(createRoleAction, owner.session, { organizationId: org.id, name: "Auditor", permissions: "audit_log.view" }, headers());
    await call(createCompanyAction, owner.session, { organizationId: org.id, name: "Acme" }, headers());
    const acme = await db.company.findFirstOrThrow({ where: { orgId: org.id } });
    await call(renameCompanyAction, owner.session, { organizationId: org.id, companyId: acme.id, name: "Acme Stores" }, headers());

    const viewer = await requireMember(owner.userId, org.id);
    const { entries } = await listOrganizationEvents(viewer, {});
    expect(entries.map(({ label, target, details, actor, ipAddress }) => ({ label, target, details, actor, ipAddress }))).toEqual([
      { label: "Company renamed", target: "Acme Stores", details: "Renamed from Acme", actor: { name: "Grace owner", email: owner.email }, ipAddress: "203.0.113.9" },
      { label: "Company created", target: "Acme", details: "", actor: { name: "Grace owner", email: owner.email }, ipAddress: "203.0.113.9" },
      {
        label: "Custom role created",
        target: "Auditor",
        details: "Permissions: See the organization audit log",
        actor: { name: "Grace owner", email: owner.email },
        ipAddress: "203.0.113.9",
      },
    ]);
  });

  test("targets and details from each writer's metadata; a deleted actor is 'Deleted user'; other organizations' and personal events never show", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    const other = await createOrganization(["owner"]);
    const [owner, admin] = people;
    const t = (minute: number) => new Date(Date.UTC(2025, 0, 10, 12, minute));
    await insertEvent(org.id, admin!.userId, "member.role_changed", t(1), {
      targetEmail: "bob@example.com",
      targetName: "Bob Stone",
      previousRoleName: "Member",
      roleName: "Developer",
    });
    await insertEvent(org.id, admin!.userId, "invitation.sent", t(2), { targetEmail: "new@example.com", roleName: "Member" });
    await insertEvent(org.id, admin!.userId, "authorization.refused", t(3), { permission: "members.manage", role: "member" });
    await insertEvent(org.id, admin!.userId, "organization.updated", t(4), { changed: "name, slug", name: "New name", slug: "new-name" });
    await insertEvent(org.id, null, "member.removed", t(5), { targetEmail: "gone@example.com", targetName: "Gone Person", roleName: "Admin" });
    await insertEvent(other.org.id, other.people[0]!.userId, "company.created", t(6), { companyName: "Secret Co" });
    await insertEvent(null, owner!.userId, "user.signed_in", t(7));
    // Metadata that is not an object is shown without target or details, never an error.
    await insertEvent(org.id, admin!.userId, "role.deleted", t(8), ["odd"]);

    const { entries } = await walk(await requireMember(owner!.userId, org.id));
    expect(entries.map(({ action, target, details, actor }) => [action, target, details, actor?.email ?? "Deleted user"])).toEqual([
      ["role.deleted", "", "", admin!.email],
      ["member.removed", "Gone Person (gone@example.com)", "Role: Admin", "Deleted user"],
      ["organization.updated", "New name", "Changed: name, slug", admin!.email],
      ["authorization.refused", "", "Needed: Invite and remove members, change roles (not of Owners)", admin!.email],
      ["invitation.sent", "new@example.com", "Role: Member", admin!.email],
      ["member.role_changed", "Bob Stone (bob@example.com)", "Role: Member → Developer", admin!.email],
    ]);
  });

  test("every organization event name belongs to one filter group, and each group lists only known names", () => {
    const grouped = Object.values(ORGANIZATION_EVENT_GROUPS).flatMap((group) => group.actions as readonly string[]);
    expect(new Set(grouped).size).toBe(grouped.length);
    for (const action of grouped) expect(AUDIT_ACTIONS).toContain(action);
    const organizationEvents = AUDIT_ACTIONS.filter(
      (action) => /^(organization|invitation|member|role|company|ownership_transfer|authorization|api_key|api_keys)\./.test(action) || action === "membership.left",
    );
    expect([...organizationEvents].sort()).toEqual(grouped.filter((action) => action !== "request.cross_site_refused").sort());
  });
});

describe("filters and pages", () => {
  async function seeded() {
    const { org, people } = await createOrganization(["owner", "admin", "member"]);
    const [owner, admin, member] = people;
    const same = new Date("2025-03-02T10:00:00.000Z");
    const ids = {
      roleByAdmin: await insertEvent(org.id, admin!.userId, "role.created", new Date("2025-03-01T23:59:59.000Z"), { roleName: "A" }),
      companyByAdmin: await insertEvent(org.id, admin!.userId, "company.created", new Date("2025-03-02T00:00:00.000Z"), { companyName: "C" }),
      refusedMember: await insertEvent(org.id, member!.userId, "authorization.refused", same, { permission: "roles.manage" }),
      roleByOwner: await insertEvent(org.id, owner!.userId, "role.updated", same, { roleName: "A" }),
      inviteByOwner: await insertEvent(org.id, owner!.userId, "invitation.sent", new Date("2025-03-03T08:00:00.000Z"), { targetEmail: "x@example.com" }),
      leftMember: await insertEvent(org.id, member!.userId, "membership.left", new Date("2025-03-05T08:00:00.000Z")),
    };
    return { org, owner: owner!, admin: admin!, member: member!, ids, viewer: await requireMember(owner!.userId, org.id) };
  }

  test("by event group, by actor email (any case), by dates (both days included), and all at once", async () => {
    const { viewer, admin, member, ids } = await seeded();
    const idsOf = async (filter: OrganizationLogFilter) => (await walk(viewer, filter)).entries.map((entry) => entry.id);

    expect(await idsOf({ type: "roles" })).toEqual([ids.roleByOwner, ids.roleByAdmin]);
    expect(await idsOf({ type: "members" })).toEqual([ids.leftMember, ids.inviteByOwner]);
    expect(await idsOf({ type: "refused" })).toEqual([ids.refusedMember]);
    expect(await idsOf({ type: "ownership" })).toEqual([]);
    expect(await idsOf(organizationLogFilterSchema.parse({ actor: ` ${admin.email.toUpperCase()} ` }))).toEqual([ids.companyByAdmin, ids.roleByAdmin]);
    // Two rows share 10:00 on the 2nd: the larger id first.
    const sameTime = [ids.roleByOwner, ids.refusedMember].sort().reverse();
    expect(await idsOf({ from: "2025-03-02", to: "2025-03-03" })).toEqual([ids.inviteByOwner, ...sameTime, ids.companyByAdmin]);
    expect(await idsOf({ from: "2025-03-02", to: "2025-03-03", actor: member.email, type: "refused" })).toEqual([ids.refusedMember]);
    // Someone who never acted here, and an address nobody has: nothing.
    expect(await idsOf({ actor: "nobody-at-all@example.com" })).toEqual([]);
  });

  test("pages of any size return every row once, in order, even when rows share a timestamp", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const same = new Date("2025-06-01T00:00:00.000Z");
    for (let index = 0; index < 12; index += 1)
      await insertEvent(org.id, people[0]!.userId, "company.created", index < 8 ? same : new Date(same.getTime() + index * 1000), { companyName: `C${index}` });
    const viewer = await requireMember(people[0]!.userId, org.id);
    const all = (await walk(viewer, {}, 100)).entries.map((entry) => entry.id);
    expect(all).toHaveLength(12);
    for (const size of [1, 3, 5, 11]) {
      const { entries, pages } = await walk(viewer, {}, size);
      expect(entries.map((entry) => entry.id)).toEqual(all);
      expect(pages).toBe(Math.ceil(12 / size));
    }
  });

  test("hostile values from the URL are dropped, never an error", async () => {
    const { viewer } = await seeded();
    for (const query of [
      { type: "everything" },
      { from: "2025-13-40", to: "0000-01-01" },
      { cursor: "%%%" },
      { cursor: Buffer.from("+010000-01-01T00:00:00.000Z|x").toString("base64url") },
      { actor: "x".repeat(1000) },
      // PostgreSQL refuses a NUL byte in text: neither the actor nor the cursor's id may carry one.
      { actor: "\u0000" },
      { actor: "a\u0000@example.com" },
      { cursor: Buffer.from("2025-03-02T10:00:00.000Z|\u0000").toString("base64url") },
    ]) {
      const filter = organizationLogFilterSchema.parse(query);
      await expect(listOrganizationEvents(viewer, filter)).resolves.toMatchObject({ entries: expect.any(Array) });
    }
    expect(organizationLogFilterSchema.parse({ type: "everything", from: "2025-13-40", actor: "" })).toEqual({});
    // The personal security log shares the cursor.
    const nulCursor = Buffer.from("2025-03-02T10:00:00.000Z|\u0000").toString("base64url");
    await expect(listSecurityEvents(viewer.userId, { cursor: nulCursor })).resolves.toMatchObject({ entries: expect.any(Array) });
  });

  test("the actor filter lists the members by name; the CSV is the filtered view, with formula-looking fields neutralised", async () => {
    const { org, people } = await createOrganization(["owner", "member"], { names: ["Zed", "Amy"] });
    const viewer = await requireMember(people[0]!.userId, org.id);
    expect(await listLogActors(viewer)).toEqual([
      { name: "Amy member", email: people[1]!.email },
      { name: "Zed owner", email: people[0]!.email },
    ]);
    await insertEvent(org.id, people[0]!.userId, "company.created", new Date("2025-02-01T09:00:00.000Z"), { companyName: '=HYPERLINK("http://evil.example","x")' });
    await insertEvent(org.id, people[1]!.userId, "authorization.refused", new Date("2025-02-02T09:00:00.000Z"), { permission: "companies.manage" });
    await insertEvent(org.id, null, "role.created", new Date("2025-01-01T09:00:00.000Z"), { roleName: '+Quoted "role"' }, "");

    expect(await csvOf(viewer, { from: "2025-02-01" })).toEqual([
      ["Time (UTC)", "Event", "Description", "Actor", "Actor email", "Target", "Details", "IP address"],
      [
        "2025-02-02T09:00:00.000Z",
        "authorization.refused",
        "Action refused: not allowed for the role",
        "Amy member",
        people[1]!.email,
        "",
        "Needed: Create, rename and delete companies",
        "192.0.2.44",
      ],
      ["2025-02-01T09:00:00.000Z", "company.created", "Company created", "Zed owner", people[0]!.email, `'=HYPERLINK("http://evil.example","x")`, "", "192.0.2.44"],
    ]);
    const all = await csvOf(viewer, {});
    expect(all.at(-1)).toEqual(["2025-01-01T09:00:00.000Z", "role.created", "Custom role created", "Deleted user", "", `'+Quoted "role"`, "Permissions: only the base ones", ""]);
    expect(await csvOf(viewer, { type: "ownership" })).toHaveLength(1);
  });
});

describe("who may read it", () => {
  test("Owners, Admins and a custom role with audit_log.view read it; Members, Developers and other custom roles are refused", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member", "developer", "member", "member"]);
    const auditor = await db.role.create({ data: { orgId: org.id, name: "Auditor", permissions: "audit_log.view" } });
    const clerk = await db.role.create({ data: { orgId: org.id, name: "Clerk", permissions: "companies.manage" } });
    await db.membership.update({ where: { id: people[4]!.membershipId! }, data: { role: auditor.id } });
    await db.membership.update({ where: { id: people[5]!.membershipId! }, data: { role: clerk.id } });
    await insertEvent(org.id, people[0]!.userId, "company.created", new Date(), { companyName: "Acme" });

    const allowed = [0, 1, 4];
    for (const [index, person] of people.entries()) {
      const viewer = await requireMember(person.userId, org.id);
      if (allowed.includes(index)) {
        expect((await listOrganizationEvents(viewer, {})).entries.length, `person ${index}`).toBeGreaterThan(0);
        expect(await listLogActors(viewer)).toHaveLength(6);
      } else {
        await expect(listOrganizationEvents(viewer, {}), `person ${index}`).rejects.toMatchObject({ code: "FORBIDDEN" });
        expect(() => organizationLogCsv(viewer, {})).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
        await expect(listLogActors(viewer)).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
    }
  });

  test("an auditor of one organization reads only that organization's events, whatever the filter", async () => {
    const first = await createOrganization(["owner"]);
    const second = await createOrganization(["owner"]);
    // The same person is in both: the viewer's organization is the one the log shows.
    await db.membership.create({ data: { orgId: second.org.id, userId: first.people[0]!.userId, role: "member" } });
    await insertEvent(second.org.id, second.people[0]!.userId, "company.created", new Date(), { companyName: "Theirs" });
    const viewer = await requireMember(first.people[0]!.userId, first.org.id);
    expect((await walk(viewer, { actor: second.people[0]!.email })).entries).toEqual([]);
    expect((await walk(viewer, {})).entries.map((entry) => entry.target)).not.toContain("Theirs");
  });
});

describe("downloads", () => {
  test("a person downloads the logs at most 30 times an hour, then gets 429 with the wait", async () => {
    const { people } = await createOrganization(["owner"]);
    for (let index = 0; index < 30; index += 1) expect(await refuseTooManyExports(people[0]!.userId)).toBeNull();
    const refused = await refuseTooManyExports(people[0]!.userId);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await refused?.text()).toMatch(/^Too many attempts\. Try again in \d+ minutes?\.$/);
    // Someone else is not affected.
    const { people: others } = await createOrganization(["owner"]);
    expect(await refuseTooManyExports(others[0]!.userId)).toBeNull();
  });
});

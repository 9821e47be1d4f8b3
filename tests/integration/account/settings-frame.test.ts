// The frame of every settings page (lib/account/settings-frame.ts): the switcher's
// organizations by name with the person's role in each, the current organization (the one
// chosen, else the first joined), and the ownership transfers offered to the person and still
// open, with who offered them; nobody else's.
import { randomBytes } from "node:crypto";
import { expect, test } from "vitest";
import { getSettingsFrame } from "@/lib/account/settings-frame";
import { db } from "@/lib/db/client";
import { advanceClock } from "../../fixtures/clock";
import { createOrganization, createPerson, memberSession } from "../organizations/members-builders";

async function organizationNamed(name: string) {
  const tag = randomBytes(4).toString("hex");
  return db.organization.create({ data: { name: `${name} ${tag}`, slug: `${name.toLowerCase()}-${tag}` }, select: { id: true, name: true } });
}

test("lists the person's organizations by name with their role, points at the first joined, and shows only open transfers offered to them", async () => {
  const person = await createPerson({ firstName: "Grace", lastName: "Hopper" });
  const zulu = await organizationNamed("Zulu");
  const alpha = await organizationNamed("Alpha");
  await db.membership.create({ data: { orgId: zulu.id, userId: person.userId, role: "admin" } });
  advanceClock(1000);
  await db.membership.create({ data: { orgId: alpha.id, userId: person.userId, role: "member" } });
  // An Owner of Zulu offers it to the person; another organization's offer has run out.
  const { people } = await createOrganization(["owner"], { names: ["Ada"] });
  const owner = people[0]!;
  await db.ownershipTransfer.create({ data: { orgId: zulu.id, fromUserId: owner.userId, toUserId: person.userId, expiresAt: new Date(Date.now() + 60_000) } });
  await db.ownershipTransfer.create({ data: { orgId: alpha.id, fromUserId: owner.userId, toUserId: person.userId, expiresAt: new Date(Date.now() - 60_000) } });
  // Someone else's organization and offer are not the person's.
  const { org: elsewhere, people: others } = await createOrganization(["owner", "member"]);
  await db.ownershipTransfer.create({ data: { orgId: elsewhere.id, fromUserId: others[0]!.userId, toUserId: others[1]!.userId, expiresAt: new Date(Date.now() + 60_000) } });

  const session = await memberSession(person.userId);
  const frame = await getSettingsFrame(session);

  expect(frame.organizations).toEqual([
    { id: alpha.id, name: alpha.name, roleName: "Member" },
    { id: zulu.id, name: zulu.name, roleName: "Admin" },
  ]);
  expect(frame.member).toMatchObject({ orgId: zulu.id, orgName: zulu.name, role: { id: "admin" } });
  expect(frame.offeredTransfers).toEqual([
    { orgId: zulu.id, orgName: zulu.name, fromName: "Ada owner", toUserId: person.userId, toName: "Grace Hopper", toEmail: person.email, expiresAt: expect.any(Date) },
  ]);

  // The switcher's choice wins over the first joined.
  const chosen = await getSettingsFrame({ ...session, currentOrgId: alpha.id });
  expect(chosen.member).toMatchObject({ orgId: alpha.id, role: { id: "member" } });
});

test("a person in no organization has an empty frame", async () => {
  const person = await createPerson();
  expect(await getSettingsFrame(person.session)).toEqual({ member: null, organizations: [], offeredTransfers: [], bell: { latest: [], unreadCount: 0 } });
});

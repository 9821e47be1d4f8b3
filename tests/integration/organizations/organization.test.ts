// The organization itself: create, switch, details, delete, ownership transfer — each action
// called as a browser would, by members of every built-in role and by outsiders.
import { describe, expect, it } from "vitest";
import {
  acceptOwnershipTransferAction,
  cancelOwnershipTransferAction,
  createOrganizationAction,
  declineOwnershipTransferAction,
  deleteOrganizationAction,
  requestOwnershipTransferAction,
  switchOrganizationAction,
  updateOrganizationAction,
} from "@/app/(settings)/settings/organization/actions";
import type { ActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { getCurrentMember } from "@/lib/organizations/current-organization";
import { getOrganizationOverview } from "@/lib/organizations/organizations";
import { findPendingTransfer, listTransferCandidates } from "@/lib/organizations/ownership-transfer";
import { advanceClock } from "../../fixtures/clock";
import { lastMail, mailsTo } from "../../fixtures/builders";
import { CROSS_SITE, call, createOrganization, createPerson } from "./members-builders";

/** The session as it is after a step-up a moment ago (the step-up itself is tested elsewhere). */
async function steppedUp(session: ActiveSession): Promise<ActiveSession> {
  const stepUpAt = new Date();
  await db.session.update({ where: { id: session.sessionId }, data: { stepUpAt } });
  return { ...session, stepUpAt };
}

const organizationRow = (id: string) => db.organization.findUnique({ where: { id }, select: { name: true, slug: true, country: true } });
const roleOf = async (orgId: string, userId: string) => (await db.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { role: true } }))?.role ?? null;

describe("creating and switching organizations", () => {
  it("makes the creator its Owner, points the switcher at it and logs it", async () => {
    const person = await createPerson();
    const result = await call(createOrganizationAction, person.session, { name: "  Acme Labs ", country: "DE" });
    expect(result).toMatchObject({ ok: true, redirect: "/settings/organization?notice=created" });
    const membership = await db.membership.findFirstOrThrow({
      where: { userId: person.userId },
      select: { orgId: true, role: true, org: { select: { name: true, slug: true, country: true } } },
    });
    expect(membership).toMatchObject({ role: "owner", org: { name: "Acme Labs", country: "DE" } });
    expect(membership.org.slug).toMatch(/^acme-labs-[0-9a-f]{6}$/);
    expect((await db.session.findUniqueOrThrow({ where: { id: person.session.sessionId } })).currentOrgId).toBe(membership.orgId);
    expect(await db.auditEvent.count({ where: { orgId: membership.orgId, action: "organization.created", userId: person.userId } })).toBe(1);
  });

  it("refuses a blank name, an unknown country and a cross-site request, creating nothing", async () => {
    const person = await createPerson();
    expect(await call(createOrganizationAction, person.session, { name: "   ", country: "" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { name: [expect.any(String)] },
    });
    expect(await call(createOrganizationAction, person.session, { name: "Acme", country: "ZZ" })).toMatchObject({
      ok: false,
      fieldErrors: { country: ["Choose a country from the list."] },
    });
    expect(await call(createOrganizationAction, person.session, { name: "Acme", country: "" }, CROSS_SITE())).toMatchObject({ ok: false, code: "CROSS_SITE" });
    expect(await call(createOrganizationAction, null, { name: "Acme", country: "" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await db.membership.count({ where: { userId: person.userId } })).toBe(0);
  });

  it("switches only to an organization the person belongs to", async () => {
    const { org: mine, people } = await createOrganization(["owner"]);
    const { org: theirs } = await createOrganization(["owner"]);
    const [person] = people;
    await db.membership.create({ data: { orgId: (await createOrganization(["owner"])).org.id, userId: person!.userId, role: "member" } });
    expect(await call(switchOrganizationAction, person!.session, { organizationId: theirs.id, returnTo: "/settings/organization/members" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect((await db.session.findUniqueOrThrow({ where: { id: person!.session.sessionId } })).currentOrgId).toBeNull();
    expect(await call(switchOrganizationAction, person!.session, { organizationId: mine.id, returnTo: "/settings/organization/members?q=x" })).toMatchObject({
      ok: true,
      redirect: "/settings/organization/members",
    });
    // An outside target never becomes the redirect.
    expect(await call(switchOrganizationAction, person!.session, { organizationId: mine.id, returnTo: "https://evil.example/settings/x" })).toMatchObject({
      ok: true,
      redirect: "/settings/organization",
    });
    const session = { ...person!.session, currentOrgId: mine.id };
    expect((await getCurrentMember(session))?.orgId).toBe(mine.id);
  });

  it("falls back to the first organization when the chosen one is no longer the person's", async () => {
    const { org: first, people } = await createOrganization(["owner"]);
    const { org: other } = await createOrganization(["owner"]);
    expect((await getCurrentMember({ ...people[0]!.session, currentOrgId: other.id }))?.orgId).toBe(first.id);
  });
});

describe("organization details", () => {
  it("Owners and Admins save name, country and slug; the change is logged", async () => {
    const { org, people } = await createOrganization(["owner", "admin"]);
    const slug = `renamed-${org.id.slice(-6)}`;
    const result = await call(updateOrganizationAction, people[1]!.session, { organizationId: org.id, name: "Renamed", country: "FR", slug });
    expect(result).toMatchObject({ ok: true, message: "Organization saved." });
    expect(await organizationRow(org.id)).toEqual({ name: "Renamed", slug, country: "FR" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "organization.updated" }, select: { userId: true, metadata: true } });
    expect(event.userId).toBe(people[1]!.userId);
    expect(JSON.parse(event.metadata)).toMatchObject({ changed: "name, slug, country" });
  });

  it("Developers and Members are refused with Forbidden, logged, and nothing changes", async () => {
    const { org, people } = await createOrganization(["owner", "developer", "member"]);
    const before = await organizationRow(org.id);
    for (const person of people.slice(1)) {
      const result = await call(updateOrganizationAction, person.session, { organizationId: org.id, name: "Taken over", country: "", slug: "taken-over" });
      expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect(await organizationRow(org.id)).toEqual(before);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "authorization.refused" } })).toBe(2);
  });

  it("another organization's id answers Not Found, as an id that does not exist", async () => {
    const { people } = await createOrganization(["owner"]);
    const { org: victim } = await createOrganization(["owner"]);
    const before = await organizationRow(victim.id);
    const foreign = await call(updateOrganizationAction, people[0]!.session, { organizationId: victim.id, name: "Mine now", country: "", slug: "mine-now" });
    const missing = await call(updateOrganizationAction, people[0]!.session, { organizationId: "does-not-exist", name: "Mine now", country: "", slug: "mine-now" });
    expect(foreign).toEqual(missing);
    expect(foreign).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await organizationRow(victim.id)).toEqual(before);
  });

  it("explains a taken or malformed slug on the field and keeps the old values", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const { org: other } = await createOrganization(["owner"]);
    const otherSlug = (await organizationRow(other.id))!.slug;
    const before = await organizationRow(org.id);
    expect(await call(updateOrganizationAction, people[0]!.session, { organizationId: org.id, name: "X", country: "", slug: otherSlug })).toMatchObject({
      ok: false,
      fieldErrors: { slug: ["That slug is taken. Choose another."] },
      fields: { slug: otherSlug },
    });
    for (const slug of ["UPPER", "a", "trailing-", "two--hyphens", "spa ce", "ünï"]) {
      expect(await call(updateOrganizationAction, people[0]!.session, { organizationId: org.id, name: "X", country: "", slug })).toMatchObject({
        ok: false,
        code: "INVALID_INPUT",
        fieldErrors: { slug: [expect.any(String)] },
      });
    }
    expect(await organizationRow(org.id)).toEqual(before);
  });

  it("ignores fields it does not own (mass assignment)", async () => {
    const { org, people } = await createOrganization(["admin", "owner"]);
    const slug = `mass-${org.id.slice(-6)}`;
    await call(updateOrganizationAction, people[0]!.session, { organizationId: org.id, name: "Mass", country: "", slug, role: "owner", userId: people[1]!.userId, id: "other" });
    expect(await roleOf(org.id, people[0]!.userId)).toBe("admin");
    expect(await organizationRow(org.id)).toMatchObject({ name: "Mass", slug });
  });
});

describe("deleting an organization", () => {
  it("needs an Owner, a fresh step-up and the typed slug; then everything in it goes", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member"]);
    const { slug } = (await organizationRow(org.id))!;
    await db.company.create({ data: { orgId: org.id, name: "Branch" } });
    expect(await call(deleteOrganizationAction, people[1]!.session, { organizationId: org.id, confirmation: slug })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await call(deleteOrganizationAction, people[0]!.session, { organizationId: org.id, confirmation: slug })).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    const owner = await steppedUp(people[0]!.session);
    expect(await call(deleteOrganizationAction, owner, { organizationId: org.id, confirmation: "wrong" })).toMatchObject({
      ok: false,
      fieldErrors: { confirmation: [`Type ${slug} to confirm.`] },
    });
    expect(await organizationRow(org.id)).not.toBeNull();
    expect(await call(deleteOrganizationAction, owner, { organizationId: org.id, confirmation: slug })).toMatchObject({ ok: true });
    expect(await organizationRow(org.id)).toBeNull();
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(0);
    expect(await db.company.count({ where: { orgId: org.id } })).toBe(0);
    // The organization's log goes with it; the Owner's own log keeps the deletion.
    const event = await db.auditEvent.findFirstOrThrow({ where: { userId: people[0]!.userId, action: "organization.deleted" }, select: { metadata: true } });
    expect(JSON.parse(event.metadata)).toMatchObject({ slug, members: 3 });
  });

  it("a person's last organization may be deleted", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const { slug } = (await organizationRow(org.id))!;
    expect(await call(deleteOrganizationAction, await steppedUp(people[0]!.session), { organizationId: org.id, confirmation: slug })).toMatchObject({ ok: true });
    expect(await getCurrentMember(people[0]!.session)).toBeNull();
  });
});

describe("ownership transfer", () => {
  it("changes nothing until the recipient accepts; then they are Owner and the old Owner Admin", async () => {
    const { org, people } = await createOrganization(["owner", "member"], { names: ["Olive", "Max"] });
    const [owner, recipient] = people as [(typeof people)[0], (typeof people)[0]];
    expect(await call(requestOwnershipTransferAction, owner.session, { organizationId: org.id, userId: recipient.userId })).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    const requested = await call(requestOwnershipTransferAction, await steppedUp(owner.session), { organizationId: org.id, userId: recipient.userId });
    expect(requested).toMatchObject({ ok: true });
    expect(await roleOf(org.id, owner.userId)).toBe("owner");
    expect(await roleOf(org.id, recipient.userId)).toBe("member");
    const mail = await lastMail(recipient.email, `Olive owner wants to make you the Owner of ${org.name}`);
    expect(mail.textBody).toContain("Nothing changes until you accept it");

    expect(await call(acceptOwnershipTransferAction, recipient.session, { organizationId: org.id })).toMatchObject({ ok: true, redirect: "/settings/organization?notice=owner" });
    expect(await roleOf(org.id, recipient.userId)).toBe("owner");
    expect(await roleOf(org.id, owner.userId)).toBe("admin");
    expect(await db.ownershipTransfer.count({ where: { orgId: org.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: { in: ["ownership_transfer.requested", "ownership_transfer.accepted"] } } })).toBe(2);
    expect((await mailsTo(owner.email)).map((message) => message.subject)).toContain(`Max member is now the Owner of ${org.name}`);
  });

  it("only the recipient accepts, only before it expires, and only while the asker is still an Owner", async () => {
    const { org, people } = await createOrganization(["owner", "member", "admin", "owner"]);
    const [owner, recipient, bystander, secondOwner] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]];
    await call(requestOwnershipTransferAction, await steppedUp(owner.session), { organizationId: org.id, userId: recipient.userId });
    expect(await call(acceptOwnershipTransferAction, bystander.session, { organizationId: org.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    // The asker was demoted by the other Owner in the meantime: the offer is void.
    await db.membership.update({ where: { orgId_userId: { orgId: org.id, userId: owner.userId } }, data: { role: "admin" } });
    expect(await call(acceptOwnershipTransferAction, recipient.session, { organizationId: org.id })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await roleOf(org.id, recipient.userId)).toBe("member");

    await call(requestOwnershipTransferAction, await steppedUp(secondOwner.session), { organizationId: org.id, userId: recipient.userId });
    for (let day = 0; day < 8; day += 1) await advanceClock(24 * 60 * 60 * 1000);
    expect(await call(acceptOwnershipTransferAction, recipient.session, { organizationId: org.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await roleOf(org.id, recipient.userId)).toBe("member");
  });

  it("the Owner cancels and the recipient declines; Admins may not start one", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member"]);
    const [owner, admin, member] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    expect(await call(requestOwnershipTransferAction, await steppedUp(admin.session), { organizationId: org.id, userId: member.userId })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    const ownerSession = await steppedUp(owner.session);
    expect(await call(requestOwnershipTransferAction, ownerSession, { organizationId: org.id, userId: owner.userId })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    await call(requestOwnershipTransferAction, ownerSession, { organizationId: org.id, userId: member.userId });
    expect(await call(cancelOwnershipTransferAction, admin.session, { organizationId: org.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await call(cancelOwnershipTransferAction, owner.session, { organizationId: org.id })).toMatchObject({ ok: true });
    expect(await call(acceptOwnershipTransferAction, member.session, { organizationId: org.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await call(requestOwnershipTransferAction, ownerSession, { organizationId: org.id, userId: member.userId });
    expect(await call(declineOwnershipTransferAction, admin.session, { organizationId: org.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await call(declineOwnershipTransferAction, member.session, { organizationId: org.id })).toMatchObject({ ok: true });
    expect(await db.ownershipTransfer.count({ where: { orgId: org.id } })).toBe(0);
    expect(await roleOf(org.id, owner.userId)).toBe("owner");
  });

  it("a member of another organization cannot be offered it", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const outsider = await createPerson();
    const result = await call(requestOwnershipTransferAction, await steppedUp(people[0]!.session), { organizationId: org.id, userId: outsider.userId });
    expect(result).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await db.ownershipTransfer.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe("what the organization page reads", () => {
  it("tells the only Owner, and counts the members, the open invitations and the companies", async () => {
    const { org, people } = await createOrganization(["owner", "admin", "member", "owner"]);
    await db.organization.update({ where: { id: org.id }, data: { country: "NZ" } });
    await db.company.createMany({
      data: [
        { orgId: org.id, name: "North" },
        { orgId: org.id, name: "South" },
      ],
    });
    const day = 24 * 60 * 60 * 1000;
    const invitation = (email: string, extra: { acceptedAt?: Date; revokedAt?: Date; expiresAt?: Date } = {}) => ({
      orgId: org.id,
      email,
      role: "member",
      tokenHash: `${org.id}-${email}`,
      expiresAt: new Date(Date.now() + day),
      ...extra,
    });
    await db.invitation.createMany({
      data: [
        invitation("open@example.com"),
        invitation("accepted@example.com", { acceptedAt: new Date() }),
        invitation("revoked@example.com", { revokedAt: new Date() }),
        invitation("expired@example.com", { expiresAt: new Date(Date.now() - day) }),
      ],
    });
    const member = (await getCurrentMember(people[0]!.session))!;
    const overview = await getOrganizationOverview(member);
    expect(overview).toEqual({
      details: { id: org.id, name: org.name, slug: expect.stringMatching(/^team-/), country: "NZ", createdAt: expect.any(Date) },
      onlyOwner: false,
      deletionImpact: { memberCount: 4, pendingInvitationCount: 1, companyCount: 2 },
    });
    // Another organization's rows count for it alone; its one Owner is the only Owner, its Admin is not.
    const other = await createOrganization(["owner", "admin"]);
    expect(await getOrganizationOverview((await getCurrentMember(other.people[0]!.session))!)).toMatchObject({
      onlyOwner: true,
      deletionImpact: { memberCount: 2, pendingInvitationCount: 0, companyCount: 0 },
    });
    expect(await getOrganizationOverview((await getCurrentMember(other.people[1]!.session))!)).toMatchObject({ onlyOwner: false });
  });

  it("offers the ownership to everyone but the Owners, by name, and shows the open transfer until it expires", async () => {
    const { org, people } = await createOrganization(["owner", "member", "admin", "owner"], { names: ["Olive", "Zed", "Amy", "Oscar"] });
    expect((await listTransferCandidates(org.id)).map((candidate) => candidate.name)).toEqual(["Amy admin", "Zed member"]);
    expect(await findPendingTransfer(org.id)).toBeNull();
    await call(requestOwnershipTransferAction, await steppedUp(people[0]!.session), { organizationId: org.id, userId: people[1]!.userId });
    expect(await findPendingTransfer(org.id)).toMatchObject({ orgId: org.id, orgName: org.name, fromName: "Olive owner", toName: "Zed member", toEmail: people[1]!.email });
    expect(await findPendingTransfer((await createOrganization(["owner"])).org.id)).toBeNull();
    for (let day = 0; day < 8; day += 1) await advanceClock(24 * 60 * 60 * 1000);
    expect(await findPendingTransfer(org.id)).toBeNull();
  });
});

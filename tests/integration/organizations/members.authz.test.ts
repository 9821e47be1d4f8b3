// IDOR across two organizations (issue 9): an Owner of one organization uses every members
// and invitations action with ids that belong to another. Each answers Not Found, exactly as
// for an id that does not exist, and neither organization changes.
/** @see issue 9, "Invariants that must hold under concurrency" (scoped by organization) */
import { beforeEach, expect, test } from "vitest";
import {
  changeMemberCompaniesAction,
  changeMemberRoleAction,
  inviteMembersAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/app/(settings)/settings/organization/members/actions";
import { db } from "@/lib/db/client";
import { uniqueEmail } from "../../fixtures/builders";
import { call, createOrganization, organizationState, type Person } from "./members-builders";

let attacker: Person;
let home: { id: string };
let victim: { org: { id: string }; member: Person; invitationId: string; roleId: string; companyId: string };

beforeEach(async () => {
  const own = await createOrganization(["owner", "member"]);
  attacker = own.people[0]!;
  home = own.org;
  const other = await createOrganization(["owner", "member"]);
  const role = await db.role.create({ data: { orgId: other.org.id, name: "Secret role", permissions: "audit_log.view" }, select: { id: true } });
  const company = await db.company.create({ data: { orgId: other.org.id, name: "Secret company" }, select: { id: true } });
  const invitation = await db.invitation.create({
    data: { orgId: other.org.id, email: uniqueEmail("victim"), role: "member", tokenHash: `hash-${Math.random()}`, expiresAt: new Date(Date.now() + 86_400_000) },
    select: { id: true },
  });
  victim = { org: other.org, member: other.people[1]!, invitationId: invitation.id, roleId: role.id, companyId: company.id };
});

async function expectNotFoundAndNothingChanged(attempt: () => Promise<{ ok: boolean; code?: string }>) {
  const before = await Promise.all([organizationState(home.id), organizationState(victim.org.id)]);
  expect(await attempt()).toMatchObject({ ok: false, code: "NOT_FOUND" });
  expect(await Promise.all([organizationState(home.id), organizationState(victim.org.id)])).toEqual(before);
}

test("the other organization's id as organizationId: Not Found for every action", async () => {
  const organizationId = victim.org.id;
  const membershipId = victim.member.membershipId!;
  for (const [action, fields] of [
    [inviteMembersAction, { emails: uniqueEmail(), roleId: "member" }],
    [resendInvitationAction, { invitationId: victim.invitationId }],
    [revokeInvitationAction, { invitationId: victim.invitationId }],
    [changeMemberRoleAction, { membershipId, roleId: "admin" }],
    [changeMemberCompaniesAction, { membershipId, companyAccess: "all" }],
    [removeMemberAction, { membershipId }],
  ] as const) {
    await expectNotFoundAndNothingChanged(() => call(action as Parameters<typeof call<unknown>>[0], attacker.session, { organizationId, ...fields }));
  }
});

test("the attacker's own organization, with the other's membership, invitation, role and company ids: Not Found", async () => {
  const organizationId = home.id;
  const ownMember = (await db.membership.findFirstOrThrow({ where: { orgId: home.id, role: "member" }, select: { id: true } })).id;
  // Only the outcome's code matters here, whatever data each action returns on success.
  type AnyAction = Parameters<typeof call<unknown>>[0];
  const cases: [AnyAction, Record<string, string | string[]>][] = [
    [resendInvitationAction, { invitationId: victim.invitationId }],
    [revokeInvitationAction, { invitationId: victim.invitationId }],
    [changeMemberRoleAction, { membershipId: victim.member.membershipId!, roleId: "admin" }],
    [changeMemberCompaniesAction, { membershipId: victim.member.membershipId!, companyAccess: "all" }],
    [removeMemberAction, { membershipId: victim.member.membershipId! }],
    // Their custom role and company, applied inside the attacker's organization.
    [changeMemberRoleAction, { membershipId: ownMember, roleId: victim.roleId }],
    [changeMemberCompaniesAction, { membershipId: ownMember, companyAccess: "some", companyIds: [victim.companyId] }],
    [inviteMembersAction, { emails: uniqueEmail(), roleId: victim.roleId }],
    [inviteMembersAction, { emails: uniqueEmail(), roleId: "member", companyAccess: "some", companyIds: [victim.companyId] }],
    // Ids that exist nowhere answer the same.
    [removeMemberAction, { membershipId: "does-not-exist" }],
    [revokeInvitationAction, { invitationId: "does-not-exist" }],
  ];
  for (const [action, fields] of cases) {
    await expectNotFoundAndNothingChanged(() => call(action, attacker.session, { organizationId, ...fields }));
  }
});

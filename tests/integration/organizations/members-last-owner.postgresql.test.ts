// The last Owner under concurrency on the members page (issue 9), on PostgreSQL with real
// parallel connections. Two Owners demote each other, or remove each other, or one removes
// the other while that one leaves, at the same moment, 20 rounds each: exactly one change
// happens, the loser gets a message (never a database error), and an Owner always remains.
/** @see issue 9, "An organization always has at least one Owner" */
import { expect, test } from "vitest";
import { changeMemberRoleAction, removeMemberAction } from "@/app/(settings)/settings/organization/members/actions";
import { db } from "@/lib/db/client";
import { leaveOrganization } from "@/lib/organizations/memberships";
import { testContext } from "../../fixtures/builders";
import { call, createOrganization } from "./members-builders";

const ROUNDS = 20;

type Outcome = { ok: boolean; code?: string; message?: string };

async function expectOneWinner(orgId: string, outcomes: Outcome[], round: number) {
  expect(
    outcomes.filter((outcome) => outcome.ok),
    `round ${round}`,
  ).toHaveLength(1);
  const [loser] = outcomes.filter((outcome) => !outcome.ok);
  expect(["FORBIDDEN", "NOT_FOUND", "CONFLICT"], `round ${round}: ${JSON.stringify(loser)}`).toContain(loser!.code);
  expect(loser!.message, `round ${round}`).not.toMatch(/prisma|serializ|transaction/i);
  expect(await db.membership.count({ where: { orgId, role: "owner" } }), `round ${round}`).toBe(1);
}

test(`two Owners demoting each other at once, ${ROUNDS} rounds: one demotion, one Owner left`, async () => {
  expect(process.env.DATABASE_URL).toMatch(/^postgres/);
  for (let round = 0; round < ROUNDS; round += 1) {
    const { org, people } = await createOrganization(["owner", "owner"]);
    const [a, b] = people;
    const outcomes = await Promise.all([
      call(changeMemberRoleAction, a!.session, { organizationId: org.id, membershipId: b!.membershipId!, roleId: "admin" }),
      call(changeMemberRoleAction, b!.session, { organizationId: org.id, membershipId: a!.membershipId!, roleId: "admin" }),
    ]);
    await expectOneWinner(org.id, outcomes, round);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "member.role_changed" } })).toBe(1);
  }
});

test(`two Owners removing each other at once, ${ROUNDS} rounds: one removal, one Owner left`, async () => {
  for (let round = 0; round < ROUNDS; round += 1) {
    const { org, people } = await createOrganization(["owner", "owner", "member"]);
    const [a, b] = people;
    const outcomes = await Promise.all([
      call(removeMemberAction, a!.session, { organizationId: org.id, membershipId: b!.membershipId! }),
      call(removeMemberAction, b!.session, { organizationId: org.id, membershipId: a!.membershipId! }),
    ]);
    await expectOneWinner(org.id, outcomes, round);
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(2);
  }
});

test(`an Owner demoting the other Owner while leaving, ${ROUNDS} rounds: never zero Owners`, async () => {
  for (let round = 0; round < ROUNDS; round += 1) {
    const { org, people } = await createOrganization(["owner", "owner", "member"]);
    const [a, b] = people;
    const outcomes = await Promise.all([
      call(changeMemberRoleAction, a!.session, { organizationId: org.id, membershipId: b!.membershipId!, roleId: "member" }),
      leaveOrganization(a!.session, org.id, testContext()).then(
        () => ({ ok: true }),
        (error: { code?: string; message?: string }) => ({ ok: false, code: error.code, message: error.message }),
      ),
    ]);
    await expectOneWinner(org.id, outcomes, round);
  }
});

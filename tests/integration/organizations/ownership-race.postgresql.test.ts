// The last Owner against account deletion and ownership transfer, on PostgreSQL with real
// parallel connections (T-J3): whatever order the database picks, an Owner remains and the
// loser gets a message, never a database error.
import { expect, test } from "vitest";
import { changeMemberRoleAction } from "@/app/(settings)/settings/organization/members/actions";
import { acceptOwnershipTransferAction, requestOwnershipTransferAction } from "@/app/(settings)/settings/organization/actions";
import { deleteAccount } from "@/lib/account/delete-account";
import type { ActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { leaveOrganization } from "@/lib/organizations/memberships";
import { testContext } from "../../fixtures/builders";
import { call, createOrganization } from "./members-builders";

const ROUNDS = 20;

async function steppedUp(session: ActiveSession): Promise<ActiveSession> {
  const stepUpAt = new Date();
  await db.session.update({ where: { id: session.sessionId }, data: { stepUpAt } });
  return { ...session, stepUpAt };
}

/** A domain call's outcome in the shape of an action's: AppErrors are answers, anything else fails the test. */
async function outcomeOf(work: Promise<unknown>): Promise<{ ok: boolean; code?: string; message?: string }> {
  try {
    await work;
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

test(`an Owner deleting their account while the other Owner demotes them, ${ROUNDS} rounds: never zero Owners`, async () => {
  expect(process.env.DATABASE_URL).toMatch(/^postgres/);
  for (let round = 0; round < ROUNDS; round += 1) {
    const { org, people } = await createOrganization(["owner", "owner", "member"]);
    const [leaving, staying] = people;
    const leavingSession = await steppedUp(leaving!.session);
    const outcomes = await Promise.all([
      outcomeOf(deleteAccount(leavingSession, leaving!.email, testContext())),
      call(changeMemberRoleAction, staying!.session, { organizationId: org.id, membershipId: leaving!.membershipId!, roleId: "admin" }),
    ]);
    for (const outcome of outcomes.filter((candidate) => !candidate.ok)) {
      expect(outcome.message, `round ${round}`).not.toMatch(/prisma|serializ|transaction/i);
    }
    expect(
      outcomes.some((outcome) => outcome.ok),
      `round ${round}: ${JSON.stringify(outcomes)}`,
    ).toBe(true);
    expect(await db.membership.count({ where: { orgId: org.id, role: "owner" } }), `round ${round}`).toBeGreaterThanOrEqual(1);
  }
});

test(`the sole Owner leaving while the recipient accepts their transfer, ${ROUNDS} rounds: never zero Owners`, async () => {
  for (let round = 0; round < ROUNDS; round += 1) {
    const { org, people } = await createOrganization(["owner", "member"]);
    const [owner, recipient] = people;
    expect(await call(requestOwnershipTransferAction, await steppedUp(owner!.session), { organizationId: org.id, userId: recipient!.userId })).toMatchObject({ ok: true });
    const [left, accepted] = await Promise.all([
      outcomeOf(leaveOrganization(owner!.session, org.id, testContext())),
      call(acceptOwnershipTransferAction, recipient!.session, { organizationId: org.id }),
    ]);
    for (const outcome of [left, accepted].filter((candidate) => !candidate.ok)) {
      expect(outcome.message, `round ${round}`).not.toMatch(/prisma|serializ|transaction/i);
    }
    const owners = await db.membership.findMany({ where: { orgId: org.id, role: "owner" }, select: { userId: true } });
    expect(owners.length, `round ${round}`).toBeGreaterThanOrEqual(1);
    // Leaving first is refused (the sole Owner), then the transfer goes through; or the
    // transfer first, and the now-Admin leaves. Either way the recipient owns it.
    expect(
      owners.map((row) => row.userId),
      `round ${round}: ${JSON.stringify({ left, accepted })}`,
    ).toContain(recipient!.userId);
  }
});

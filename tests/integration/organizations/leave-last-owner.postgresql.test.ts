// T-J3, last Owner under concurrency (PostgreSQL: real parallel connections). Two Owners of
// one organization leave at the same moment, 20 times: each round exactly one leaves, the
// other is told they are now the only Owner, and the organization is never without an Owner.
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { leaveOrganization } from "@/lib/organizations/memberships";
import { testContext } from "../../fixtures/builders";
import { createOrganization } from "./members-builders";

const ROUNDS = 20;

test(`two Owners leaving at once, ${ROUNDS} rounds: exactly one succeeds, never zero Owners`, async () => {
  expect(process.env.DATABASE_URL).toMatch(/^postgres/);
  for (let round = 0; round < ROUNDS; round += 1) {
    const { org, people } = await createOrganization(["owner", "owner", "member"]);
    const sessions = people.map((person) => person.session);
    const [first, second] = sessions;

    const outcomes = await Promise.allSettled([leaveOrganization(first!, org.id, testContext()), leaveOrganization(second!, org.id, testContext())]);

    const fulfilled = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    expect(fulfilled, `round ${round}`).toHaveLength(1);
    expect(rejected, `round ${round}`).toHaveLength(1);
    // The loser gets the same clear answer as a last Owner leaving alone, not a database error.
    expect(rejected[0]!.reason, `round ${round}`).toMatchObject({
      code: "CONFLICT",
      message: `You are the only Owner of ${org.name}. Make someone else Owner, or delete the organization, before you leave.`,
    });
    const owners = await db.membership.findMany({ where: { orgId: org.id, role: "owner" }, select: { userId: true } });
    expect(owners, `round ${round}`).toHaveLength(1);
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(2);
    // Exactly one departure is logged: the one that happened.
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "membership.left" } })).toBe(1);
  }
});

// Seeds the bench account's organization with 1,000 members (each with a session, for "last
// active") and 1,000 pending invitations, through the app's own database client, so that
// `npm run bench` can time the members page at that size. Run by scripts/bench/run.mjs with
// tsx (react-server condition, so "server-only" loads) and DATABASE_URL set.
import { randomBytes } from "node:crypto";

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1000);
const INVITATIONS = Number(process.env.BENCH_INVITATIONS ?? 1000);
const DAY_MS = 24 * 60 * 60 * 1000;

async function main() {
  const owner = process.env.BENCH_OWNER_EMAIL;
  if (!owner) throw new Error("BENCH_OWNER_EMAIL is required");
  const { db } = await import("../../lib/db/client");
  const membership = await db.membership.findFirstOrThrow({ where: { user: { email: owner }, role: "owner" }, select: { orgId: true, userId: true } });
  const now = Date.now();
  const users = Array.from({ length: MEMBERS }, (_, index) => ({
    id: `bench-member-${index}`,
    email: `member-${index}@bench.example`,
    firstName: `Member${index}`,
    lastName: "Bench",
  }));
  await db.user.createMany({ data: users });
  await db.membership.createMany({
    data: users.map((user, index) => ({
      orgId: membership.orgId,
      userId: user.id,
      role: ["admin", "developer", "member"][index % 3]!,
      createdAt: new Date(now - (MEMBERS - index) * 60_000),
    })),
  });
  await db.session.createMany({
    data: users.map((user, index) => ({
      userId: user.id,
      tokenHash: randomBytes(32).toString("hex"),
      lastActiveAt: new Date(now - index * 1000),
      expiresAt: new Date(now + 30 * DAY_MS),
    })),
  });
  await db.invitation.createMany({
    data: Array.from({ length: INVITATIONS }, (_, index) => ({
      orgId: membership.orgId,
      email: `invitee-${index}@bench.example`,
      role: "member",
      tokenHash: randomBytes(32).toString("hex"),
      invitedById: membership.userId,
      sentAt: new Date(now - index * 1000),
      createdAt: new Date(now - index * 1000),
      expiresAt: new Date(now + 7 * DAY_MS),
    })),
  });
  console.log(`seeded ${MEMBERS} members and ${INVITATIONS} pending invitations`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Seeds what `npm run bench -- notifications` sends: an Owner, their organization and its key,
// and BENCH_PEOPLE members with BENCH_ENDPOINTS webhook endpoints each, all pointing at the
// bench's receiver (BENCH_RECEIVER, a loopback URL). The members' purchase email is off, so
// what is measured is the webhook queue. Writes { key, recipients } to BENCH_SEED_FILE. Run by
// scripts/bench/notifications.mjs with tsx (react-server condition) and DATABASE_URL set.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";

/** Far above any rate the bench offers: the key's own limit is not what is measured. */
const UNLIMITED_PER_MINUTE = 2_000_000_000;

async function main() {
  const seedFile = process.env.BENCH_SEED_FILE;
  const receiver = process.env.BENCH_RECEIVER;
  const people = Number(process.env.BENCH_PEOPLE);
  const endpointsEach = Number(process.env.BENCH_ENDPOINTS);
  if (!seedFile || !receiver || !people || !endpointsEach) throw new Error("BENCH_SEED_FILE, BENCH_RECEIVER, BENCH_PEOPLE and BENCH_ENDPOINTS are required");
  const { db } = await import("../../lib/db/client");
  const { createApiKey } = await import("../../lib/api-keys/api-keys");
  const { requireMember } = await import("../../lib/organizations/member");
  const { encryptSecret } = await import("../../lib/crypto/encryption");
  const { generateSigningSecret } = await import("../../lib/webhooks/signing");

  const owner = await db.user.create({ data: { email: "bench-notifications@example.com", firstName: "Bench", lastName: "Owner", emailVerifiedAt: new Date() } });
  const org = await db.organization.create({ data: { name: "Bench organization", slug: "bench-notifications" } });
  await db.membership.create({ data: { orgId: org.id, userId: owner.id, role: "owner" } });
  const created = await createApiKey(
    await requireMember(owner.id, org.id),
    { type: "integration", environment: "live", access: "read_write", expires: "1y", description: "Bench notifications key" },
    { ipAddress: "127.0.0.1", userAgent: "latchkey bench" },
  );
  await db.apiKey.update({ where: { id: created.apiKey.id }, data: { rateLimit: UNLIMITED_PER_MINUTE } });

  const recipients: string[] = [];
  for (let index = 0; index < people; index += 1) {
    const user = await db.user.create({ data: { email: `bench-recipient-${index}@example.com`, firstName: "Recipient", lastName: String(index) } });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "member" } });
    await db.notificationPreference.create({ data: { userId: user.id, category: "purchases", channel: "email", enabled: false } });
    for (let endpoint = 0; endpoint < endpointsEach; endpoint += 1) {
      const id = randomUUID();
      await db.webhookEndpoint.create({
        data: {
          id,
          userId: user.id,
          url: `${receiver}/${index}/${endpoint}`,
          categories: JSON.stringify(["purchases"]),
          secretCiphertext: encryptSecret(generateSigningSecret(), id),
        },
      });
    }
    recipients.push(user.id);
  }
  writeFileSync(seedFile, JSON.stringify({ key: created.key, recipients }));
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

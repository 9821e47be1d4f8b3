// Seeds what `npm run bench -- api` calls /api/v1 with: an Owner and their organization, and
// two keys made by lib/api-keys as the API keys page makes them. Writes the keys to
// BENCH_KEYS_FILE as JSON. Run by scripts/bench/api.mjs with tsx (react-server condition, so
// "server-only" loads) and DATABASE_URL set; scripts/bench/members-seed.ts then adds the
// 1,000 members to the same organization.
import { writeFileSync } from "node:fs";

/**
 * The valid key's requests per minute: far above what the pages allow (100,000), so that the
 * figure for a valid key measures the key check and not the limiter, which the rate-limited
 * key measures apart.
 */
const UNLIMITED_PER_MINUTE = 2_000_000_000;
const context = { ipAddress: "127.0.0.1", userAgent: "latchkey bench" };
const input = { type: "integration", environment: "live", access: "read_write", expires: "1y" } as const;

async function main() {
  const email = process.env.BENCH_OWNER_EMAIL;
  const keysFile = process.env.BENCH_KEYS_FILE;
  if (!email || !keysFile) throw new Error("BENCH_OWNER_EMAIL and BENCH_KEYS_FILE are required");
  const { db } = await import("../../lib/db/client");
  const { createApiKey } = await import("../../lib/api-keys/api-keys");
  const { generateApiKey, parseApiKey } = await import("../../lib/api-keys/key-format");
  const { requireMember } = await import("../../lib/organizations/member");

  const user = await db.user.create({ data: { email, firstName: "Bench", lastName: "Mark", emailVerifiedAt: new Date() }, select: { id: true } });
  const org = await db.organization.create({ data: { name: "Bench organization", slug: "bench" }, select: { id: true } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  const owner = await requireMember(user.id, org.id);

  const valid = await createApiKey(owner, { ...input, description: "Bench valid key" }, context);
  await db.apiKey.update({ where: { id: valid.apiKey.id }, data: { rateLimit: UNLIMITED_PER_MINUTE } });
  const limited = await createApiKey(owner, { ...input, description: "Bench rate-limited key" }, context);
  await db.apiKey.update({ where: { id: limited.apiKey.id }, data: { rateLimit: 1 } });

  // The valid key's id with another secret and a correct checksum: it passes the format check
  // and fails only on the digest. The malformed one fails the checksum (no database read).
  const { keyId } = parseApiKey(valid.key)!;
  const wrongSecret = generateApiKey("live", keyId).key;
  const malformed = `${valid.key.slice(0, -1)}${valid.key.endsWith("A") ? "B" : "A"}`;
  writeFileSync(keysFile, JSON.stringify({ valid: valid.key, wrongSecret, malformed, rateLimited: limited.key }));
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Cross-site refusals in the security log (issue 8, item 10): every refusal is worth a row,
// but a page that makes a visitor's browser post to Latchkey in a loop must not fill the log.
/** @see issue 8, item 10 */
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { recordCrossSiteRefusal } from "@/lib/http/record-cross-site-refusal";
import { RATE_LIMITS } from "@/lib/rate-limit/limit";
import { createTestUser, testContext } from "../../fixtures/builders";

const refusalsFrom = (ipAddress: string) => db.auditEvent.count({ where: { action: "request.cross_site_refused", ipAddress } });

test("a refusal is logged with the address, the path, the origin and the signed-in person", async () => {
  const { userId } = await createTestUser();
  const context = testContext();
  await recordCrossSiteRefusal({ context, userId, path: "/settings/profile", origin: "https://evil.example" });
  const rows = await db.auditEvent.findMany({ where: { action: "request.cross_site_refused", ipAddress: context.ipAddress } });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ userId, userAgent: context.userAgent });
  expect(JSON.parse(rows[0]!.metadata)).toEqual({ path: "/settings/profile", origin: "https://evil.example" });
});

test("50 refusals from one address write at most the limit; another address is still logged", async () => {
  const flood = testContext();
  for (let attempt = 0; attempt < 50; attempt++) {
    await recordCrossSiteRefusal({ context: flood, userId: null, path: "/login", origin: `https://evil.example/${"x".repeat(500)}` });
  }
  expect(await refusalsFrom(flood.ipAddress!)).toBe(RATE_LIMITS["cross-site-log:ip"].points);
  const longOrigin = await db.auditEvent.findFirstOrThrow({ where: { action: "request.cross_site_refused", ipAddress: flood.ipAddress } });
  expect(JSON.parse(longOrigin.metadata).origin.length).toBeLessThanOrEqual(200);

  const other = testContext();
  await recordCrossSiteRefusal({ context: other, userId: null, path: null, origin: null });
  expect(await refusalsFrom(other.ipAddress!)).toBe(1);
});

// The per-key limit as two instances on one database see it (lib/rate-limit/shared-window.ts).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { flushApiKeyUsage, recordApiKeyUse } from "@/lib/api-keys/usage";
import { db } from "@/lib/db/client";
import { requireMember } from "@/lib/organizations/member";
import { SharedWindowCounter, WINDOW_MS } from "@/lib/rate-limit/shared-window";
import { advanceClockTo } from "../../fixtures/clock";
import { createOrganization } from "../organizations/members-builders";

/** Starts a fresh window with a minute to spare, so a test never straddles two. */
function startOfNextWindow(): void {
  advanceClockTo((Math.floor(Date.now() / WINDOW_MS) + 1) * WINDOW_MS + 10);
}

describe("shared one-minute windows", () => {
  it("counts the requests of two instances against one limit once they have flushed", async () => {
    startOfNextWindow();
    const name = `test-${randomBytes(4).toString("hex")}`;
    const [first, second] = [new SharedWindowCounter(name), new SharedWindowCounter(name)];
    for (let index = 0; index < 6; index++) expect(first.hit("key", 10).allowed).toBe(true);
    await first.flush();
    for (let index = 0; index < 4; index++) expect(second.hit("key", 10).allowed).toBe(true);
    await second.flush();
    // The second instance learnt the first one's six from the total its flush returned.
    const refused = second.hit("key", 10);
    expect(refused).toMatchObject({ allowed: false, limit: 10, remaining: 0 });
    expect(refused.resetSeconds).toBeGreaterThan(0);
    expect(refused.resetSeconds).toBeLessThanOrEqual(60);
    const row = await db.apiRateWindow.findFirstOrThrow({ where: { id: { startsWith: `${name}:key:` } } });
    expect(row.count).toBe(10);
  });

  it("a request made while the counts are being written is still refused at the limit", async () => {
    startOfNextWindow();
    const counter = new SharedWindowCounter(`test-${randomBytes(4).toString("hex")}`);
    expect(counter.hit("key", 1).allowed).toBe(true);
    // The write has taken the pending count and not yet returned the total.
    const writing = counter.flush();
    expect(counter.hit("key", 1)).toMatchObject({ allowed: false, remaining: 0 });
    expect(counter.peek("key", 1).allowed).toBe(false);
    await writing;
    expect(counter.hit("key", 1).allowed).toBe(false);
  });

  it("shares a subject's counts only once it has used a quarter of its limit", async () => {
    startOfNextWindow();
    const name = `test-${randomBytes(4).toString("hex")}`;
    const counter = new SharedWindowCounter(name);
    for (let index = 0; index < 24; index++) counter.hit("quiet", 100);
    await counter.flush();
    expect(await db.apiRateWindow.count({ where: { id: { startsWith: `${name}:` } } })).toBe(0);
    expect(counter.peek("quiet", 100)).toMatchObject({ remaining: 76 });
    counter.hit("quiet", 100);
    await counter.flush();
    expect((await db.apiRateWindow.findFirstOrThrow({ where: { id: { startsWith: `${name}:quiet:` } } })).count).toBe(25);
  });

  it("starts again in the next window, and keeps subjects apart", async () => {
    startOfNextWindow();
    const counter = new SharedWindowCounter(`test-${randomBytes(4).toString("hex")}`);
    for (let index = 0; index < 3; index++) counter.hit("a", 3);
    expect(counter.hit("a", 3).allowed).toBe(false);
    expect(counter.peek("a", 3).allowed).toBe(false);
    expect(counter.hit("b", 3)).toMatchObject({ allowed: true, remaining: 2 });
    startOfNextWindow();
    expect(counter.hit("a", 3)).toMatchObject({ allowed: true, remaining: 2 });
  });
});

describe("API key usage records", () => {
  it("keeps the latest 20 uses and moves last used only on success", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const owner = await requireMember(people[0].userId, org.id);
    const { apiKey } = await createApiKey(owner, { description: "Usage", type: "data", environment: "test", access: "read", expires: "30d" }, { ipAddress: null, userAgent: null });
    const start = Date.now();
    for (let index = 0; index < 25; index++) {
      recordApiKeyUse({ keyId: apiKey.id, at: start + index, ipAddress: "198.51.100.1", method: "GET", endpoint: "/api/v1/me", status: 200 }, true);
    }
    recordApiKeyUse({ keyId: apiKey.id, at: start + 100, ipAddress: "198.51.100.9", method: "POST", endpoint: "/api/v1/members", status: 403 }, false);
    await flushApiKeyUsage();
    const uses = await db.apiKeyUse.findMany({ where: { apiKeyId: apiKey.id }, orderBy: { at: "desc" } });
    expect(uses).toHaveLength(20);
    expect(uses[0]).toMatchObject({ status: 403, endpoint: "/api/v1/members" });
    const key = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(key.lastUsedAt?.getTime()).toBe(start + 24);
    expect(key.lastUsedIp).toBe("198.51.100.1");
  });
});

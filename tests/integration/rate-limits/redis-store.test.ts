// With REDIS_URL set, limits live in Redis so every app instance shares the counts (T-C4).
// Two fresh module graphs stand for two instances: each has its own configuration, its own
// Redis connection and its own limiter objects, and only Redis is shared between them.
// This suite needs Redis on 127.0.0.1:6379 (as on CI); it fails, rather than skips, without it.
import { createConnection } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { db } from "@/lib/db/client";

const REDIS_URL = "redis://127.0.0.1:6379";
type LimitModule = typeof import("@/lib/rate-limit/limit");

/** Whether a Redis server answers PING on the URL's host and port. */
function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/** The limit module as a new app instance would load it. */
async function freshInstance(): Promise<LimitModule> {
  vi.resetModules();
  return import("@/lib/rate-limit/limit");
}

const previousRedisUrl = process.env.REDIS_URL;
let inspector: Redis;
let instanceA: LimitModule;
let instanceB: LimitModule;
const keysToClean: string[] = [];

beforeAll(async () => {
  if (!(await redisAnswers(REDIS_URL))) throw new Error(`Redis does not answer on ${REDIS_URL}: start it (redis-server) to run the shared-limit suite.`);
  process.env.REDIS_URL = REDIS_URL;
  instanceA = await freshInstance();
  instanceB = await freshInstance();
  inspector = new Redis(REDIS_URL, { lazyConnect: true });
  await inspector.connect();
});

afterAll(async () => {
  if (previousRedisUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = previousRedisUrl;
  vi.resetModules();
  if (inspector) {
    if (keysToClean.length > 0) await inspector.del(...keysToClean);
    await inspector.quit();
  }
});

/** A key no other run uses, removed from Redis after the suite. */
function uniqueKey(name: string, label: string): string {
  const key = `${label}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  keysToClean.push(`latchkey:${name}:${key}`);
  return key;
}

describe("rate limits on Redis", () => {
  test("two instances share one count: the budget is spent across both", async () => {
    expect(instanceA).not.toBe(instanceB);
    expect(instanceA.RateLimitedError).not.toBe(instanceB.RateLimitedError); // really two module graphs
    const ip = uniqueKey("sign-in:ip", "203.0.113.7");
    const budget = instanceA.RATE_LIMITS["sign-in:ip"].points;

    for (let attempt = 0; attempt < budget; attempt += 1) {
      await (attempt % 2 === 0 ? instanceA : instanceB).limit("sign-in:ip", ip);
    }

    for (const instance of [instanceA, instanceB]) {
      const refused = await instance.limit("sign-in:ip", ip).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(instance.RateLimitedError);
      expect(refused).toMatchObject({ code: "RATE_LIMITED" });
      expect((refused as InstanceType<LimitModule["RateLimitedError"]>).retryAfterSeconds).toBeGreaterThan(0);
    }
    // The count is in Redis, not in the database.
    expect(Number(await inspector.get(`latchkey:sign-in:ip:${ip}`))).toBe(budget + 2);
    expect(await db.rateLimiterFlexible.count({ where: { key: { contains: ip } } })).toBe(0);
  });

  test("the account lock set by one instance holds on the other, and a reset on either clears it", async () => {
    const userId = uniqueKey("auth-failures:account", "user");
    const budget = instanceA.RATE_LIMITS["auth-failures:account"].points;

    for (let failure = 0; failure < budget; failure += 1) await instanceA.limit("auth-failures:account", userId);
    expect(await instanceB.isLimited("auth-failures:account", userId)).toEqual({ limited: false, retryAfterSeconds: 0 });
    await expect(instanceA.limit("auth-failures:account", userId)).rejects.toMatchObject({ code: "RATE_LIMITED" });

    const seenByB = await instanceB.isLimited("auth-failures:account", userId);
    expect(seenByB.limited).toBe(true);
    // Locked for the block time (15 minutes), not the rest of the counting window.
    expect(seenByB.retryAfterSeconds).toBeGreaterThan(instanceA.RATE_LIMITS["auth-failures:account"].blockSeconds - 60);

    await instanceB.resetLimit("auth-failures:account", userId);
    expect((await instanceA.isLimited("auth-failures:account", userId)).limited).toBe(false);
  });
});

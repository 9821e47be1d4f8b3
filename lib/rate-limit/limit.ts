import "server-only";
import { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes, type RateLimiterStoreAbstract } from "rate-limiter-flexible";
import { getConfig } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { metrics } from "@/lib/operations/metrics.mjs";
import { onShutdown } from "@/lib/operations/shutdown.mjs";
import { SqlRateLimiterStore } from "./sql-store";

/**
 * Every limit Latchkey enforces, in one place. `points` attempts per `durationSeconds`;
 * past that, the key is refused for `blockSeconds` (or the rest of the window).
 */
export const RATE_LIMITS = {
  /** Password attempts from one IP address, whatever the account. */
  "sign-in:ip": { points: 30, durationSeconds: 15 * 60 },
  /** Cross-site refusals written to the security log per IP address; past it they are refused unlogged. */
  "cross-site-log:ip": { points: 10, durationSeconds: 60 * 60 },
  /** Refused organization actions written to the organization's log per person. */
  "authorization-log:user": { points: 10, durationSeconds: 60 * 60 },
  /** Invitations sent (and resent) by one organization, and by one person. */
  "invitations:org": { points: 200, durationSeconds: 60 * 60 },
  "invitations:user": { points: 100, durationSeconds: 60 * 60 },
  /** API keys one person creates (pages and /api/v1 together), and reveals of secrets. */
  "api-keys:user": { points: 30, durationSeconds: 60 * 60 },
  "api-key-reveal:user": { points: 10, durationSeconds: 60 * 60 },
  /** Failed /api/v1 authentications from one IP address; counted in a shared one-minute window (lib/rate-limit/shared-window.ts). */
  "api-auth-failures:ip": { points: 60, durationSeconds: 60 },
  /** Organizations one person creates. */
  "organizations:user": { points: 10, durationSeconds: 60 * 60 },
  /** CSV downloads of the security log and the organization audit log by one person. */
  "log-export:user": { points: 30, durationSeconds: 60 * 60 },
  /** Failed factors of one account (passwords, codes, step-up), from anywhere: the lockout. */
  "auth-failures:account": { points: 10, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  /** Codes tried against one pending sign-in. */
  "second-factor:pending": { points: 5, durationSeconds: 5 * 60 },
  "sign-up:ip": { points: 10, durationSeconds: 60 * 60 },
  /** Reset and verification emails to one address, and from one IP. */
  "email:address": { points: 3, durationSeconds: 60 * 60 },
  "email:ip": { points: 10, durationSeconds: 60 * 60 },
  /** "Someone tried to create an account with your email" mails to one address. */
  "sign-up-notice:address": { points: 3, durationSeconds: 60 * 60 },
  /** Step-up prompts in one session. */
  "step-up:session": { points: 10, durationSeconds: 15 * 60 },
  "recovery-codes:user": { points: 5, durationSeconds: 60 * 60 },
  /** Passkey challenges handed out to one IP address. */
  "passkey-options:ip": { points: 60, durationSeconds: 15 * 60 },
  /** Passkey challenges handed out for one account (adding a passkey, second factor, step-up). */
  "passkey-options:user": { points: 30, durationSeconds: 15 * 60 },
  /** Browser push turned on (devices added) by one person. */
  "push-devices:user": { points: 20, durationSeconds: 60 * 60 },
  /** "Send test notification" by one person: each one reaches every device they have. */
  "push-tests:user": { points: 10, durationSeconds: 15 * 60 },
  /** Webhook endpoints one person adds, changes, enables, disables, deletes or rolls secrets of. */
  "webhooks:user": { points: 60, durationSeconds: 60 * 60 },
  /** "Send test" and "Resend" by one person: each is a request Latchkey makes to their receiver. */
  "webhook-sends:user": { points: 30, durationSeconds: 15 * 60 },
} as const satisfies Record<string, { points: number; durationSeconds: number; blockSeconds?: number }>;

export type RateLimitName = keyof typeof RATE_LIMITS;

const limiters = new Map<RateLimitName, RateLimiterStoreAbstract>();
// One Redis client per process and URL, whichever bundle asks first
// (docs/decisions/0019-rest-api-server.md), closed on shutdown (scripts/server.mjs).
const REDIS_CLIENTS = Symbol.for("latchkey.rateLimitRedis");

function redisClient(url: string): Redis {
  const clients = ((globalThis as Record<symbol, Map<string, Redis> | undefined>)[REDIS_CLIENTS] ??= new Map());
  let client = clients.get(url);
  if (!client) {
    const created = new Redis(url, { maxRetriesPerRequest: 1 });
    clients.set(url, (client = created));
    onShutdown("close", `redis ${clients.size}`, () => created.quit());
  }
  return client;
}

/** The database by default; Redis when REDIS_URL is set, so every instance shares counts. */
function limiterFor(name: RateLimitName): RateLimiterStoreAbstract {
  let limiter = limiters.get(name);
  if (limiter) return limiter;
  const policy: { points: number; durationSeconds: number; blockSeconds?: number } = RATE_LIMITS[name];
  const { REDIS_URL, RATE_LIMIT_SCALE } = getConfig();
  const options = { keyPrefix: `latchkey:${name}`, points: scaledPoints(name, RATE_LIMIT_SCALE), duration: policy.durationSeconds, blockDuration: policy.blockSeconds ?? 0 };
  if (REDIS_URL) {
    // Commands issued while connecting wait for the connection (without the offline queue the first
    // call after start always failed); while Redis is down they fail after one reconnection attempt.
    limiter = new RateLimiterRedis({ ...options, storeClient: redisClient(REDIS_URL) });
  } else {
    limiter = new SqlRateLimiterStore(options);
  }
  limiters.set(name, limiter);
  return limiter;
}

/**
 * RATE_LIMIT_SCALE multiplies every budget (e.g. many people behind one NAT address).
 * The account lockout never scales: it guards one account, not a network.
 */
export function scaledPoints(name: RateLimitName, scale: number): number {
  const { points } = RATE_LIMITS[name];
  return name === "auth-failures:account" ? points : Math.max(1, Math.round(points * scale));
}

export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    /** Attempts counted in the window, this one included. */
    readonly consumedPoints = 0,
  ) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super("RATE_LIMITED", `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}

/**
 * Counts one attempt and returns how many the window holds now; throws RateLimitedError
 * (with the wait) once the budget is spent.
 */
export async function limit(name: RateLimitName, key: string): Promise<number> {
  try {
    return (await limiterFor(name).consume(key)).consumedPoints;
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      metrics.rateLimitRefusals.inc({ limit: name });
      throw new RateLimitedError(Math.ceil(error.msBeforeNext / 1000), error.consumedPoints);
    }
    throw error;
  }
}

/**
 * Counts one attempt like `limit`, but answers false instead of throwing once the budget is
 * spent: for limits whose refusal must not show (it would tell that the address was used).
 */
export async function withinLimit(name: RateLimitName, key: string): Promise<boolean> {
  try {
    await limit(name, key);
    return true;
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
}

/** Whether the key is over its budget right now, without counting an attempt. */
export async function isLimited(name: RateLimitName, key: string): Promise<{ limited: boolean; retryAfterSeconds: number }> {
  const result = await limiterFor(name).get(key);
  const limited = result !== null && result.consumedPoints > scaledPoints(name, getConfig().RATE_LIMIT_SCALE);
  return { limited, retryAfterSeconds: limited ? Math.ceil(result.msBeforeNext / 1000) : 0 };
}

/** Forgets a key's attempts (after a success). */
export async function resetLimit(name: RateLimitName, key: string): Promise<void> {
  await limiterFor(name).delete(key);
}

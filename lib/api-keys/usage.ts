import "server-only";
import { db } from "@/lib/db/client";
import { errorFields, logger } from "@/lib/operations/logger.mjs";
import { onShutdown } from "@/lib/operations/shutdown.mjs";
import { RECENT_USES_KEPT } from "./api-keys";

// "Last used" and the recent uses of each key are written in batches once a second: the hot
// path only appends to memory. A crash loses at most that second of usage records, never a
// decision (docs/decisions/0017-api-keys.md).
const FLUSH_MS = 1000;

/** `at` in milliseconds since the epoch: made a Date only when written, not on the hot path. */
export type ApiKeyUse = { keyId: string; at: number; ipAddress: string | null; method: string; endpoint: string; status: number };

type State = { uses: Map<string, ApiKeyUse[]>; lastUsed: Map<string, { at: number; ipAddress: string | null }>; timer?: NodeJS.Timeout; flushing: Promise<void> | null };
const STATE = Symbol.for("latchkey.apiKeyUsage");
const state: State = ((globalThis as Record<symbol, State | undefined>)[STATE] ??= { uses: new Map(), lastUsed: new Map(), flushing: null });

/** Notes one call made with a known key; `succeeded` calls also move its "last used". */
export function recordApiKeyUse(use: ApiKeyUse, succeeded: boolean): void {
  const uses = state.uses.get(use.keyId) ?? [];
  uses.push(use);
  if (uses.length > RECENT_USES_KEPT) uses.shift();
  state.uses.set(use.keyId, uses);
  if (succeeded) state.lastUsed.set(use.keyId, { at: use.at, ipAddress: use.ipAddress });
  if (!state.timer) {
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void writeOnce();
    }, FLUSH_MS);
    state.timer.unref();
  }
}

/** One write of what was noted since the last, or the write already under way. */
function writeOnce(): Promise<void> {
  state.flushing ??= write().finally(() => (state.flushing = null));
  return state.flushing;
}

/**
 * Writes everything noted until now, keeping the newest RECENT_USES_KEPT uses per key. A write
 * already under way took only what was noted before it began, so the rest follows it.
 */
export async function flushApiKeyUsage(): Promise<void> {
  if (state.flushing) await state.flushing;
  if (state.uses.size > 0 || state.lastUsed.size > 0) await writeOnce();
}

// What is noted but not written yet is written before the process exits (scripts/server.mjs).
onShutdown("flush", "API key usage", flushApiKeyUsage);

async function write(): Promise<void> {
  const uses = state.uses;
  const lastUsed = state.lastUsed;
  state.uses = new Map();
  state.lastUsed = new Map();
  try {
    for (const [keyId, used] of lastUsed) {
      const at = new Date(used.at);
      await db.apiKey.updateMany({ where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] }, data: { lastUsedAt: at, lastUsedIp: used.ipAddress } });
    }
    for (const [keyId, rows] of uses) {
      // A key deleted meanwhile (its organization went) takes its uses along.
      const exists = await db.apiKey.count({ where: { id: keyId } });
      if (!exists) continue;
      await db.apiKeyUse.createMany({ data: rows.map(({ keyId: apiKeyId, at, ...row }) => ({ apiKeyId, at: new Date(at), ...row })) });
      const keep = await db.apiKeyUse.findMany({
        where: { apiKeyId: keyId },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        skip: RECENT_USES_KEPT - 1,
        take: 1,
        select: { at: true },
      });
      if (keep[0]) await db.apiKeyUse.deleteMany({ where: { apiKeyId: keyId, at: { lt: keep[0].at } } });
    }
  } catch (error) {
    logger.error(errorFields(error), "could not record API key use");
  }
}

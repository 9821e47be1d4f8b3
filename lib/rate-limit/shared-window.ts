import "server-only";
import { db } from "@/lib/db/client";
import { onShutdown } from "@/lib/operations/shutdown.mjs";

// Fixed one-minute request windows shared by every instance, cheap enough for /api/v1's hot
// path: each instance counts in memory and adds its counts to one database row per subject
// and window every FLUSH_MS, learning the total in the same statement. An instance may let
// through what the others admitted since their last flush (a fraction of a second of
// traffic) before it sees the total (docs/decisions/0018-api-rate-limits.md).
export const WINDOW_MS = 60_000;
const FLUSH_MS = 200;
const MAX_SUBJECTS = 50_000;
/** A subject's counts are shared once it has used 1/SHARE_FROM of its limit. */
const SHARE_FROM = 4;

/** `writing`: counted here and being added to the shared row now; still counted until the write ends. */
type Count = { window: number; known: number; pending: number; writing: number; limit: number };
export type WindowDecision = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

type State = { counters: Map<string, SharedWindowCounter>; timer?: NodeJS.Timeout };
const STATE = Symbol.for("latchkey.sharedWindows");
const state: State = ((globalThis as Record<symbol, State | undefined>)[STATE] ??= { counters: new Map() });

function currentWindow(now: number): number {
  return Math.floor(now / WINDOW_MS);
}

export class SharedWindowCounter {
  private readonly counts = new Map<string, Count>();
  private flushing: Promise<void> | null = null;

  constructor(readonly name: string) {}

  private countOf(subject: string, window: number): Count {
    let count = this.counts.get(subject);
    if (!count || count.window !== window) {
      if (!count && this.counts.size >= MAX_SUBJECTS) this.dropIdle(window);
      count = { window, known: 0, pending: 0, writing: 0, limit: 0 };
      this.counts.set(subject, count);
    }
    return count;
  }

  private dropIdle(window: number): void {
    for (const [subject, count] of this.counts) {
      if (count.window !== window || (count.pending === 0 && count.writing === 0) || count.known + count.pending + count.writing < count.limit / SHARE_FROM)
        this.counts.delete(subject);
    }
  }

  /** Whether the subject is over `limit` in this window, without counting. */
  peek(subject: string, limit: number, now = Date.now()): WindowDecision {
    const window = currentWindow(now);
    const count = this.counts.get(subject);
    const used = count && count.window === window ? count.known + count.pending + count.writing : 0;
    return decision(used < limit, limit, used, window, now);
  }

  /** Counts one request unless the subject is already at `limit` in this window. */
  hit(subject: string, limit: number, now = Date.now()): WindowDecision {
    const window = currentWindow(now);
    const count = this.countOf(subject, window);
    const used = count.known + count.pending + count.writing;
    if (used >= limit) return decision(false, limit, used, window, now);
    count.pending++;
    count.limit = limit;
    scheduleFlush();
    return decision(true, limit, used + 1, window, now);
  }

  /**
   * Adds this instance's pending counts to the shared rows and learns the totals. A write
   * already under way took only the counts made before it began, so another follows it.
   */
  async flush(): Promise<void> {
    if (this.flushing) await this.flushing;
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async write(): Promise<void> {
    // Only subjects that used a quarter of their limit are shared: thousands of addresses with
    // a failure or two each (a spread attack) would otherwise cost a write apiece every flush,
    // and a subject that far from its limit cannot be refused anyway.
    const batch = [...this.counts]
      .filter(([, count]) => count.pending > 0 && count.known + count.pending >= count.limit / SHARE_FROM)
      .map(([subject, count]) => ({ subject, count, adding: count.pending }));
    if (batch.length === 0) return;
    for (const { count, adding } of batch) {
      count.pending -= adding;
      count.writing += adding;
    }
    try {
      // One transaction for the whole batch: on SQLite one commit instead of one per subject.
      const totals = await db.$transaction(async (tx) => {
        const out: number[] = [];
        for (const { subject, count, adding } of batch) {
          const id = `${this.name}:${subject}:${count.window}`;
          const row = await tx.apiRateWindow.upsert({
            where: { id },
            create: { id, count: adding, expiresAt: new Date((count.window + 2) * WINDOW_MS) },
            update: { count: { increment: adding } },
            select: { count: true },
          });
          out.push(row.count);
        }
        return out;
      });
      batch.forEach(({ count, adding }, index) => {
        count.writing -= adding;
        count.known = Math.max(count.known + adding, totals[index] ?? 0);
      });
    } catch {
      // The database is unreachable: keep counting locally and try again next time.
      for (const { count, adding } of batch) {
        count.writing -= adding;
        count.pending += adding;
      }
    }
  }
}

function decision(allowed: boolean, limit: number, used: number, window: number, now: number): WindowDecision {
  return { allowed, limit, remaining: Math.max(0, limit - used), resetSeconds: Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)) };
}

/** The counter of one limit, shared by every bundle in this process. */
export function sharedWindow(name: string): SharedWindowCounter {
  let counter = state.counters.get(name);
  if (!counter) state.counters.set(name, (counter = new SharedWindowCounter(name)));
  return counter;
}

let lastPrune = 0;

function scheduleFlush(): void {
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    void flushSharedWindows();
  }, FLUSH_MS);
  state.timer.unref();
}

// Counts not shared yet are shared before the process exits (scripts/server.mjs).
onShutdown("flush", "shared rate-limit windows", () => flushSharedWindows());

/** Writes every pending count now (tests, shutdown); also deletes windows long past. */
export async function flushSharedWindows(): Promise<void> {
  await Promise.all([...state.counters.values()].map((counter) => counter.flush()));
  if (Date.now() - lastPrune > WINDOW_MS) {
    lastPrune = Date.now();
    await db.apiRateWindow.deleteMany({ where: { expiresAt: { lt: new Date() } } }).catch(() => undefined);
  }
}

import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { insertRows } from "@/lib/db/insert-rows";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { AppError } from "@/lib/errors";

// Latchkey's background work lives in the Job table (docs/decisions/0028-job-queue.md), on
// SQLite and PostgreSQL alike: a restart loses nothing, and any instance may run any job.

/** Every kind of job; lib/jobs/handlers.ts says how each runs and retries. */
export const JOB_KINDS = ["webhook.deliver", "push.send", "notification.email"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Thrown by a job that must not be tried again (its subject is gone, its input is wrong). */
export class PermanentJobError extends Error {}

/**
 * The options of a job's own transactions that record work already done (a webhook sent): they
 * wait for a connection, and run, as long as a busy database needs. Giving up after 2 seconds
 * (Prisma's default) would run the job again, and a receiver would get the same message twice.
 */
export const RECORDING_TRANSACTION = { maxWait: 30_000, timeout: 30_000 } as const;

/** How long a claimed job is its worker's; after that (the worker died) another may run it. */
export const JOB_LEASE_MS = 2 * 60 * 1000;

export type QueuedJob = { kind: JobKind; payload: object; serialKey?: string | undefined; runAt?: Date | undefined };

const WAKE = Symbol.for("latchkey.jobs.wake");
const shared = globalThis as { [WAKE]?: () => void };

/**
 * Adds a job, in the caller's transaction when given one, so the job exists exactly when the
 * change that asked for it does. The worker of this process is woken; others find it on their
 * next poll.
 */
export async function enqueueJob(client: Tx | typeof db, job: QueuedJob): Promise<string> {
  const row = jobRow(job, new Date());
  await insertRows(client, "Job", [row]);
  wakeSoon();
  return row.id;
}

/** enqueueJob for several jobs, in one statement (a notification's webhook deliveries: the API's hot path). */
export async function enqueueJobs(client: Tx | typeof db, jobs: readonly QueuedJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const now = new Date();
  await insertRows(
    client,
    "Job",
    jobs.map((job) => jobRow(job, now)),
  );
  wakeSoon();
}

function jobRow(job: QueuedJob, now: Date) {
  return { id: randomUUID(), kind: job.kind, payload: JSON.stringify(job.payload), serialKey: job.serialKey ?? null, runAt: job.runAt ?? now, createdAt: now, updatedAt: now };
}

/** Wakes this process's worker once the caller's transaction had a moment to commit; the poll catches it otherwise. */
function wakeSoon(): void {
  setTimeout(() => shared[WAKE]?.(), 5).unref();
}

/** The worker of this process (lib/jobs/worker.ts) registers how to wake it. */
export function onJobEnqueued(wake: () => void): void {
  shared[WAKE] = wake;
}

export type ClaimedJob = { id: string; kind: string; payload: string; attempts: number };

const due = (now: Date) => ({ state: "queued", runAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] });

/**
 * Up to `limit` due jobs, oldest first, claimed for this worker in one statement. A job with a
 * serial key is taken only while no other job of its key holds a lease, and only one per key at
 * a time. The check and the claim are one Serializable transaction: two instances claiming at
 * once cannot both pass the check, and the one that loses claims nothing this time.
 */
export async function claimDueJobs(limit: number, now = new Date()): Promise<ClaimedJob[]> {
  try {
    return await serializableTransaction(async (tx) => {
      const candidates = await tx.job.findMany({
        where: due(now),
        orderBy: [{ runAt: "asc" }, { createdAt: "asc" }],
        // Room for jobs that share a key with one running or one picked.
        take: limit * 2,
        select: { id: true, serialKey: true },
      });
      const keys = [...new Set(candidates.flatMap((candidate) => (candidate.serialKey === null ? [] : [candidate.serialKey])))];
      const busy = new Set<string | null>(
        keys.length === 0
          ? []
          : (await tx.job.findMany({ where: { serialKey: { in: keys }, lockedUntil: { gte: now } }, select: { serialKey: true }, distinct: ["serialKey"] })).map(
              (row) => row.serialKey,
            ),
      );
      const picked: string[] = [];
      for (const candidate of candidates) {
        if (picked.length >= limit) break;
        if (candidate.serialKey !== null) {
          if (busy.has(candidate.serialKey)) continue;
          busy.add(candidate.serialKey);
        }
        picked.push(candidate.id);
      }
      if (picked.length === 0) return [];
      const claimed = await tx.job.updateManyAndReturn({
        where: { id: { in: picked }, ...due(now) },
        data: { lockedUntil: new Date(now.getTime() + JOB_LEASE_MS), attempts: { increment: 1 } },
        select: { id: true, kind: true, payload: true, attempts: true },
      });
      const order = new Map(picked.map((id, index) => [id, index]));
      return claimed.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    });
  } catch (error) {
    // Lost to another instance's claim (PostgreSQL aborted the transaction): look again later.
    if (error instanceof AppError && error.code === "CONFLICT") return [];
    throw error;
  }
}

/** Finished jobs leave the table. */
export async function completeJobs(ids: readonly string[]): Promise<void> {
  await db.job.deleteMany({ where: { id: { in: [...ids] } } });
}

/** Runs the job again at `runAt`, or marks it failed when `runAt` is null; keeps the reason. */
export async function releaseJob(id: string, error: string, runAt: Date | null): Promise<void> {
  await db.job.updateMany({
    where: { id },
    data: runAt ? { lockedUntil: null, runAt, lastError: error.slice(0, 1000) } : { lockedUntil: null, state: "failed", lastError: error.slice(0, 1000) },
  });
}

/** Queued jobs by kind, for latchkey_job_queue_depth. */
export async function countQueuedJobs(): Promise<Record<string, number>> {
  const groups = await db.job.groupBy({ by: ["kind"], where: { state: "queued" }, _count: { _all: true } });
  return Object.fromEntries(groups.map((group) => [group.kind, group._count._all]));
}

/** How long a job that gave up is kept for an operator to look at. */
export const FAILED_JOB_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export async function deleteOldFailedJobs(now = new Date()): Promise<number> {
  const { count } = await db.job.deleteMany({ where: { state: "failed", updatedAt: { lt: new Date(now.getTime() - FAILED_JOB_RETENTION_MS) } } });
  return count;
}

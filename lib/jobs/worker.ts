import "server-only";
import { errorFields, logger } from "@/lib/operations/logger.mjs";
import { metrics } from "@/lib/operations/metrics.mjs";
import { onShutdown } from "@/lib/operations/shutdown.mjs";
import { deleteExpiredIdempotencyKeys } from "@/lib/notifications/send-notification";
import { JOB_HANDLERS, retryDelayWithJitter } from "./handlers";
import { claimDueJobs, completeJob, countQueuedJobs, deleteOldFailedJobs, JOB_KINDS, onJobEnqueued, PermanentJobError, releaseJob, type ClaimedJob, type JobKind } from "./queue";

/** Jobs one process runs at once (different serial keys). */
const CONCURRENCY = 8;
/** How often an idle worker looks for jobs enqueued by other instances or come due. */
const POLL_MS = 1000;
const HOUSEKEEPING_MS = 60 * 60 * 1000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs one claimed job and records its outcome: deleted when done, retried later, or failed. */
export async function runJob(job: ClaimedJob, now = () => new Date()): Promise<void> {
  const handler = JOB_HANDLERS[job.kind as JobKind];
  let payload: unknown;
  try {
    if (!handler) throw new PermanentJobError(`No handler for jobs of kind ${job.kind}.`);
    payload = JSON.parse(job.payload);
    await handler.run(payload, { id: job.id, attempt: job.attempts });
    await completeJob(job.id);
    metrics.jobs.inc({ kind: job.kind, outcome: "done" });
  } catch (error) {
    const reason = messageOf(error);
    const delay = error instanceof PermanentJobError ? undefined : handler?.retryDelaysMs[job.attempts - 1];
    if (delay !== undefined) {
      await releaseJob(job.id, reason, new Date(now().getTime() + retryDelayWithJitter(delay)));
      metrics.jobs.inc({ kind: job.kind, outcome: "retry" });
      logger.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, reason }, "job failed; it will run again");
      return;
    }
    await releaseJob(job.id, reason, null);
    metrics.jobs.inc({ kind: job.kind, outcome: "failed" });
    logger.error({ jobId: job.id, kind: job.kind, attempt: job.attempts, reason }, "job gave up");
    await handler?.giveUp?.(payload, reason).catch((giveUpError: unknown) => logger.error({ jobId: job.id, ...errorFields(giveUpError) }, "job's give-up step failed"));
  }
}

/**
 * Runs every job that is due now, and those that come due while it runs, until none is left
 * (tests and benchmarks; the worker does the same on its own). Returns how many ran.
 */
export async function runDueJobs(limit = CONCURRENCY): Promise<number> {
  let ran = 0;
  for (;;) {
    const jobs = await claimDueJobs(limit);
    if (jobs.length === 0) return ran;
    await Promise.all(jobs.map((job) => runJob(job)));
    ran += jobs.length;
  }
}

type WorkerState = { running: Set<Promise<void>>; timer?: NodeJS.Timeout; polling: boolean; stopped: boolean; lastObserved: number; lastHousekeeping: number };
const STARTED = Symbol.for("latchkey.jobs.worker");

/**
 * Started once per server process (instrumentation.ts). It keeps up to CONCURRENCY jobs
 * running, looks again as soon as one finishes or one is enqueued here, and otherwise polls.
 * On shutdown it stops claiming and lets the jobs under way finish.
 */
export function startJobWorker(): void {
  const shared = globalThis as { [STARTED]?: WorkerState };
  if (shared[STARTED]) return;
  const state: WorkerState = (shared[STARTED] = { running: new Set(), polling: false, stopped: false, lastObserved: 0, lastHousekeeping: 0 });

  const schedule = (ms: number) => {
    if (state.stopped) return;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void poll(), ms);
    state.timer.unref();
  };

  const poll = async () => {
    if (state.polling || state.stopped) return;
    state.polling = true;
    try {
      const free = CONCURRENCY - state.running.size;
      const jobs = free > 0 ? await claimDueJobs(free) : [];
      for (const job of jobs) {
        const run: Promise<void> = runJob(job)
          .catch((error: unknown) => logger.error({ jobId: job.id, ...errorFields(error) }, "could not record a job's outcome"))
          .finally(() => {
            state.running.delete(run);
            schedule(0);
          });
        state.running.add(run);
      }
      await observeQueue(state);
      schedule(jobs.length > 0 ? 0 : POLL_MS);
    } catch (error) {
      // The database is away: look again later.
      logger.warn(errorFields(error), "could not look for jobs");
      schedule(POLL_MS * 5);
    } finally {
      state.polling = false;
    }
  };

  onJobEnqueued(() => schedule(0));
  onShutdown("flush", "background jobs under way", async () => {
    state.stopped = true;
    clearTimeout(state.timer);
    await Promise.all(state.running);
  });
  schedule(POLL_MS);
}

/** Rows past their use, deleted once an hour by whichever instance gets there. */
const HOUSEKEEPING = [deleteOldFailedJobs, deleteExpiredIdempotencyKeys];

/** The queue-depth gauge at most once a second, and the housekeeping once an hour. */
async function observeQueue(state: WorkerState): Promise<void> {
  const now = Date.now();
  if (now - state.lastObserved >= POLL_MS) {
    state.lastObserved = now;
    const counts = await countQueuedJobs();
    for (const kind of JOB_KINDS) metrics.jobQueueDepth.set({ kind }, counts[kind] ?? 0);
  }
  if (now - state.lastHousekeeping > HOUSEKEEPING_MS) {
    state.lastHousekeeping = now;
    for (const task of HOUSEKEEPING) await task();
  }
}

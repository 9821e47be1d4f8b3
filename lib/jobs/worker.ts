import "server-only";
import { deleteExpiredIdempotencyKeys } from "@/lib/notifications/send-notification";
import { deleteOldWebhookDeliveries } from "@/lib/webhooks/deliveries";
import { errorFields, logger } from "@/lib/operations/logger.mjs";
import { metrics } from "@/lib/operations/metrics.mjs";
import { onShutdown } from "@/lib/operations/shutdown.mjs";
import { JOB_HANDLERS, retryDelayWithJitter, type JobHandler, type JobInput, type JobOutcomes } from "./handlers";
import { claimDueJobs, completeJobs, countQueuedJobs, deleteOldFailedJobs, JOB_KINDS, onJobEnqueued, PermanentJobError, releaseJob, type ClaimedJob, type JobKind } from "./queue";

/** Jobs claimed in one statement and run together (different serial keys). */
const BATCH_SIZE = 128;
/** Jobs one process has under way at once: a batch is claimed while earlier ones still wait on their receivers. */
const MAX_IN_FLIGHT = 4 * BATCH_SIZE;
/** Of a batch, a handler without runBatch (mail, push) runs this many side by side. */
const ONE_BY_ONE_CONCURRENCY = 8;
/**
 * Jobs of kinds without runBatch one process runs at once. Each is deleted as soon as it is
 * done, so a crash repeats at most this many (a mail handed over but not yet marked done).
 */
export const ONE_BY_ONE_IN_FLIGHT = ONE_BY_ONE_CONCURRENCY * (MAX_IN_FLIGHT / BATCH_SIZE);
/** How often an idle worker looks for jobs enqueued by other instances or come due. */
const POLL_MS = 1000;
const HOUSEKEEPING_MS = 60 * 60 * 1000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `jobs` through `handler.run`, ONE_BY_ONE_CONCURRENCY at a time, deleting each as soon
 * as it is done (a mail is not sent twice because others of its batch were slow); each job's
 * outcome.
 */
async function runOneByOne(handler: JobHandler, jobs: readonly JobInput[]): Promise<JobOutcomes> {
  const outcomes: JobOutcomes = new Map();
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await handler.run!(job.payload, job);
        await completeJobs([job.id]);
        outcomes.set(job.id, null);
      } catch (error) {
        outcomes.set(job.id, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ONE_BY_ONE_CONCURRENCY, jobs.length) }, lane));
  return outcomes;
}

/** Runs claimed jobs of one kind and each job's outcome; a handler's own failure is every job's. */
async function runKind(kind: string, jobs: readonly ClaimedJob[]): Promise<JobOutcomes> {
  const handler = JOB_HANDLERS[kind as JobKind] as JobHandler | undefined;
  const outcomes: JobOutcomes = new Map();
  const inputs: JobInput[] = [];
  for (const job of jobs) {
    try {
      if (!handler) throw new PermanentJobError(`No handler for jobs of kind ${kind}.`);
      inputs.push({ id: job.id, payload: JSON.parse(job.payload), attempt: job.attempts });
    } catch (error) {
      outcomes.set(job.id, error instanceof PermanentJobError ? error : new PermanentJobError(`Unreadable payload: ${messageOf(error)}`));
    }
  }
  if (!handler || inputs.length === 0) return outcomes;
  try {
    const ran = handler.runBatch ? await handler.runBatch(inputs) : await runOneByOne(handler, inputs);
    for (const input of inputs) outcomes.set(input.id, ran.has(input.id) ? ran.get(input.id) : new Error("The handler gave no outcome."));
  } catch (error) {
    for (const input of inputs) outcomes.set(input.id, error);
  }
  return outcomes;
}

/** A failed job runs again after its kind's next wait, or gives up when there is none. */
async function settleFailure(job: ClaimedJob, error: unknown, now: () => Date): Promise<void> {
  const handler = JOB_HANDLERS[job.kind as JobKind] as JobHandler | undefined;
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
  let payload: unknown = null;
  try {
    payload = JSON.parse(job.payload);
  } catch {
    // Nothing to give up on: the payload was never readable.
  }
  await handler?.giveUp?.(payload, reason).catch((giveUpError: unknown) => logger.error({ jobId: job.id, ...errorFields(giveUpError) }, "job's give-up step failed"));
}

/**
 * Runs claimed jobs and records each outcome: the finished ones deleted in one statement, the
 * failed ones set to run again later or failed for good.
 */
export async function runJobs(jobs: readonly ClaimedJob[], now = () => new Date()): Promise<void> {
  const byKind = new Map<string, ClaimedJob[]>();
  for (const job of jobs) byKind.set(job.kind, [...(byKind.get(job.kind) ?? []), job]);
  await Promise.all(
    [...byKind].map(async ([kind, group]) => {
      const outcomes = await runKind(kind, group);
      const done = group.filter((job) => outcomes.get(job.id) === null);
      if (done.length > 0) {
        // A batch's jobs leave together; jobs run one by one left as each was done.
        if ((JOB_HANDLERS[kind as JobKind] as JobHandler | undefined)?.runBatch) await completeJobs(done.map((job) => job.id));
        metrics.jobs.inc({ kind, outcome: "done" }, done.length);
      }
      for (const job of group) {
        const error = outcomes.get(job.id);
        if (error !== null) await settleFailure(job, error, now);
      }
    }),
  );
}

/**
 * Runs every job that is due now, and those that come due while it runs, until none is left
 * (tests and benchmarks; the worker does the same on its own). Returns how many ran.
 */
export async function runDueJobs(limit = BATCH_SIZE): Promise<number> {
  let ran = 0;
  for (;;) {
    const jobs = await claimDueJobs(limit);
    if (jobs.length === 0) return ran;
    await runJobs(jobs);
    ran += jobs.length;
  }
}

type WorkerState = { running: Set<Promise<void>>; inFlight: number; timer?: NodeJS.Timeout; polling: boolean; stopped: boolean; lastObserved: number; lastHousekeeping: number };
const STARTED = Symbol.for("latchkey.jobs.worker");

/**
 * Started once per server process (instrumentation.ts). It keeps up to MAX_IN_FLIGHT jobs
 * under way, claiming the next batch at once while there is room, as soon as a batch finishes
 * or a job is enqueued here, and otherwise polls. On shutdown it stops claiming and lets the jobs under way finish.
 */
export function startJobWorker(): void {
  const shared = globalThis as { [STARTED]?: WorkerState };
  if (shared[STARTED]) return;
  const state: WorkerState = (shared[STARTED] = { running: new Set(), inFlight: 0, polling: false, stopped: false, lastObserved: 0, lastHousekeeping: 0 });

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
      const free = Math.min(BATCH_SIZE, MAX_IN_FLIGHT - state.inFlight);
      const jobs = free > 0 ? await claimDueJobs(free) : [];
      if (jobs.length > 0) {
        state.inFlight += jobs.length;
        const batch: Promise<void> = runJobs(jobs)
          .catch((error: unknown) => logger.error(errorFields(error), "could not record the outcome of background jobs"))
          .finally(() => {
            state.inFlight -= jobs.length;
            state.running.delete(batch);
            schedule(0);
          });
        state.running.add(batch);
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
const HOUSEKEEPING = [deleteOldFailedJobs, deleteExpiredIdempotencyKeys, deleteOldWebhookDeliveries];

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

import "server-only";
import { deliverNotificationEmail, failNotificationEmail } from "@/lib/notifications/email-job";
import { failPushJob, runPushJob } from "@/lib/push/job";
import { deliverWebhooks, failWebhookDelivery } from "@/lib/webhooks/deliveries";
import type { JobKind } from "./queue";

/** A job as its handler sees it. */
export type JobInput = { id: string; payload: unknown; attempt: number };
/** Each job's outcome: null when done, else why it failed (a PermanentJobError ends it). */
export type JobOutcomes = Map<string, unknown>;

export type JobHandler = {
  /** Does the work; a throw means "try again later" unless it is a PermanentJobError (lib/jobs/queue.ts). */
  run?(payload: unknown, job: JobInput): Promise<void>;
  /** Does many jobs of the kind at once (one read and one write for all), for kinds with a high rate. */
  runBatch?(jobs: readonly JobInput[]): Promise<JobOutcomes>;
  /** The waits before the second, third… run; after the last one the job gives up. */
  retryDelaysMs: readonly number[];
  /** Runs once when the job gives up, e.g. to record the failure where people see it. */
  giveUp?(payload: unknown, reason: string): Promise<void>;
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Mail and push are worth a few quick tries; a receiver that is down gets the long schedule. */
const SHORT_RETRIES = [5 * SECOND, 1 * MINUTE, 5 * MINUTE, 30 * MINUTE];

export const JOB_HANDLERS: Record<JobKind, JobHandler> = {
  "notification.email": { run: deliverNotificationEmail, retryDelaysMs: SHORT_RETRIES, giveUp: failNotificationEmail },
  "push.send": { run: runPushJob, retryDelaysMs: SHORT_RETRIES, giveUp: failPushJob },
  "webhook.deliver": { runBatch: deliverWebhooks, giveUp: failWebhookDelivery, retryDelaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR] },
};

/** ±20%, so jobs that failed together do not all come back at the same moment. */
export function retryDelayWithJitter(delayMs: number, random = Math.random()): number {
  return Math.round(delayMs * (0.8 + 0.4 * random));
}

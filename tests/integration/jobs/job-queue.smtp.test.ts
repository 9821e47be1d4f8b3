// The job queue (lib/jobs) with a real SMTP server that refuses mail for a while: a refused
// notification mail is tried again on the backoff schedule and arrives, or gives up and says
// so; jobs of one serial key never run side by side; a job whose worker died is taken again
// once its lease runs out; workers claiming at once never share a job.
/** @see issue 11, "Delivery" */
import { expect, test } from "vitest";
import { advanceClock } from "../../fixtures/clock";
import { useSmtpSink } from "../../setup/smtp-sink";

const smtp = useSmtpSink();
const MINUTE = 60_000;

async function modules() {
  const [{ db }, worker, queue, api] = await Promise.all([import("@/lib/db/client"), import("@/lib/jobs/worker"), import("@/lib/jobs/queue"), import("../rest-api/api-builders")]);
  return { db, ...worker, ...queue, ...api };
}

/** A purchase notification from an organization's key to its member, whose email is on by default. */
async function sendPurchaseNotification() {
  const { organizationWithKey, callApi, db } = await modules();
  const { key, people } = await organizationWithKey(["owner", "member"]);
  const member = people[1]!;
  const title = `Receipt ${crypto.randomUUID()}`;
  const response = await callApi("/notifications", {
    key,
    method: "POST",
    body: { recipient: { userId: member.userId }, category: "purchases", title, body: "We received your payment." },
  });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  const job = () => db.job.findFirst({ where: { kind: "notification.email", payload: { contains: id } } });
  const emailState = async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { notificationId_channel: { notificationId: id, channel: "email" } } })).state;
  return { id, title, member, job, emailState };
}

test("a mail the server refuses is tried again after about 5 s, not before, and then arrives", async () => {
  const { runDueJobs } = await modules();
  const sent = await sendPurchaseNotification();
  expect(await sent.emailState()).toBe("pending");
  smtp.sink.refusing = true;
  await runDueJobs();
  const failed = (await sent.job())!;
  expect(failed).toMatchObject({ state: "queued", attempts: 1, lockedUntil: null });
  expect(failed.lastError).toContain("451");
  // The first wait is 5 s with ±20% jitter.
  const waitMs = failed.runAt.getTime() - Date.now();
  expect(waitMs).toBeGreaterThan(3_000);
  expect(waitMs).toBeLessThanOrEqual(6_000);

  await runDueJobs();
  expect((await sent.job())!.attempts).toBe(1);
  smtp.sink.refusing = false;
  advanceClock(6_001);
  await runDueJobs();
  expect(await sent.job()).toBeNull();
  expect(smtp.sink.messages.filter((mail) => mail.headers.subject === sent.title && mail.envelope.to.includes(sent.member.email))).toHaveLength(1);
  expect(await sent.emailState()).toBe("sent");
});

test("a mail refused every time gives up after its last retry: the job is kept as failed and the notification's email says failed", async () => {
  const { runDueJobs } = await modules();
  const sent = await sendPurchaseNotification();
  smtp.sink.refusing = true;
  try {
    // Five runs: the first and four retries (5 s, 1 min, 5 min, 30 min, each at most +20%).
    for (let run = 1; run <= 5; run++) {
      await runDueJobs();
      expect((await sent.job())!.attempts).toBe(run);
      advanceClock(40 * MINUTE);
    }
    await runDueJobs();
    expect(await sent.job()).toMatchObject({ state: "failed", attempts: 5, lockedUntil: null });
    expect(await sent.emailState()).toBe("failed");
  } finally {
    smtp.sink.refusing = false;
  }
});

test("a job queued for later is not taken before its time, and its dates read back as they were written", async () => {
  const { db, enqueueJob, claimDueJobs, completeJobs } = await modules();
  const runAt = new Date(Date.now() + 10 * MINUTE);
  const queuedAt = Date.now();
  const id = await enqueueJob(db, { kind: "notification.email", payload: { notificationId: "gone" }, serialKey: `later-${crypto.randomUUID()}`, runAt });
  const { createdAt, ...row } = await db.job.findUniqueOrThrow({ where: { id }, select: { runAt: true, createdAt: true, state: true, attempts: true } });
  expect(row).toEqual({ runAt, state: "queued", attempts: 0 });
  expect(createdAt.getTime()).toBeGreaterThanOrEqual(queuedAt);
  expect(createdAt.getTime()).toBeLessThanOrEqual(Date.now());
  const mine = async () => (await claimDueJobs(100)).filter((claimed) => claimed.id === id).map((claimed) => claimed.id);

  expect(await mine()).toEqual([]);
  // The clock also moves with real time: a margin of seconds either side of the moment.
  advanceClock(10 * MINUTE - 5000);
  expect(await mine()).toEqual([]);
  advanceClock(5000);
  expect(await mine()).toEqual([id]);
  await completeJobs([id]);
});

test("jobs of one serial key run one at a time, in order; a job whose worker died is taken again after its lease", async () => {
  const { db, enqueueJob, claimDueJobs, completeJobs, JOB_LEASE_MS } = await modules();
  const key = `endpoint-${crypto.randomUUID()}`;
  const job = (serialKey: string) => enqueueJob(db, { kind: "notification.email", payload: { notificationId: "gone" }, serialKey });
  const first = await job(key);
  advanceClock(1);
  const second = await job(key);
  const other = await job(`${key}-other`);
  const mine = async () => (await claimDueJobs(100)).filter((claimed) => [first, second, other].includes(claimed.id));

  expect((await mine()).map((claimed) => claimed.id).sort()).toEqual([first, other].sort());
  // The first still runs (its worker holds the lease): the second waits.
  expect(await mine()).toEqual([]);
  // Its worker died: after the lease the first is taken again, and still before the second.
  advanceClock(JOB_LEASE_MS + 1);
  const retaken = await mine();
  expect(retaken.map((claimed) => [claimed.id, claimed.attempts])).toEqual(expect.arrayContaining([[first, 2]]));
  expect(retaken.map((claimed) => claimed.id)).not.toContain(second);
  await completeJobs([first]);
  expect((await mine()).map((claimed) => claimed.id)).toEqual([second]);
  await completeJobs([second, other]);
});

test("four workers claiming at once never take the same job, nor two jobs of one key", async () => {
  const { db, enqueueJob, claimDueJobs, completeJobs } = await modules();
  const keys = Array.from({ length: 10 }, (_, index) => `race-${index}-${crypto.randomUUID()}`);
  const ids: string[] = [];
  for (const key of [...keys, ...keys]) ids.push(await enqueueJob(db, { kind: "notification.email", payload: { notificationId: "gone" }, serialKey: key }));
  const claims = (await Promise.all(Array.from({ length: 4 }, () => claimDueJobs(20)))).flat().filter((claimed) => ids.includes(claimed.id));
  const claimedIds = claims.map((claimed) => claimed.id);
  expect(new Set(claimedIds).size).toBe(claimedIds.length);
  const rows = await db.job.findMany({ where: { id: { in: claimedIds } }, select: { serialKey: true } });
  expect(new Set(rows.map((row) => row.serialKey)).size).toBe(rows.length);
  expect(claims.length).toBeGreaterThan(0);
  await completeJobs(ids);
});

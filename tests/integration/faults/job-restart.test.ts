// Latchkey is killed (SIGKILL: no shutdown, no flush) while its job worker mails 60
// notifications through a slow SMTP server, then started again on the same database. The
// restarted server takes over the jobs the dead one had claimed once their lease ends (its
// clock moved past it), and every notification arrives: nothing queued is lost. Delivery is at
// least once: a mail handed over just before the kill may come twice, at most one per mail the
// dead worker was handing over at that moment.
/** @see issue 11, "Delivery" */
import { afterAll, beforeAll, expect, test } from "vitest";
import { uniqueEmail } from "../../fixtures/builders";
import { advanceClockWeeks } from "../../fixtures/clock";
import { databaseClient } from "../../setup/database-client";
import { eventually } from "../../setup/eventually";
import { startLatchkeyServer, type LatchkeyServer } from "../../setup/latchkey-server";
import { resetDatabase } from "../../setup/reset-database.mjs";
import { startSmtpSink, type SmtpSink } from "../../setup/smtp-sink";
import { separateTestDatabaseUrl } from "../../setup/test-database-url.mjs";
import { ONE_BY_ONE_IN_FLIGHT } from "@/lib/jobs/worker";

const NOTIFICATIONS = 60;
const MAILS_BEFORE_THE_KILL = 10;

const databaseUrl = separateTestDatabaseUrl("job_restart");
let server: LatchkeyServer | undefined;
let sink: SmtpSink;

beforeAll(async () => {
  // Earlier test files may have left this process's clock weeks ahead of the real one, and the
  // servers started here must start at its time, not reach it by jumps that end their leases.
  advanceClockWeeks(9);
  await resetDatabase(databaseUrl);
  // Each message takes a while to be accepted, so the kill finds mail under way.
  sink = await startSmtpSink({ answerDelayMs: 100 });
});

afterAll(async () => {
  await server?.stop("SIGKILL");
  await sink?.close();
});

const serverEnv = () => ({ SMTP_URL: sink.url, LATCHKEY_TEST_CLOCK: "true" });

test("kill -9 while mailing: after the restart every queued notification arrives and the queue empties", async () => {
  const check = databaseClient(databaseUrl);
  try {
    const email = uniqueEmail("job-restart");
    const user = await check.user.create({ data: { email, firstName: "Queue", lastName: "Tester" } });
    const titles = Array.from({ length: NOTIFICATIONS }, (_, index) => `Receipt ${index + 1} of ${NOTIFICATIONS}`);
    // What sendNotification writes in one transaction: the notification, its channels, its mail job.
    for (const title of titles) {
      const notification = await check.notification.create({
        data: { userId: user.id, category: "purchases", title, body: "We received your payment.", deliveries: { create: { channel: "email", state: "pending" } } },
      });
      // Due at once by the server's clock: this process's test clock may be days ahead of it.
      await check.job.create({ data: { kind: "notification.email", payload: JSON.stringify({ notificationId: notification.id }), runAt: new Date(0) } });
    }

    server = await startLatchkeyServer(databaseUrl, { env: serverEnv() });
    await sink.waitFor(MAILS_BEFORE_THE_KILL, 60_000);
    await server.stop("SIGKILL");
    const deliveredBeforeRestart = new Set(sink.messages.map((mail) => mail.headers.subject));
    // The kill cut the work short: the test proves nothing if every mail had gone.
    expect(deliveredBeforeRestart.size).toBeLessThan(NOTIFICATIONS);
    expect(await check.job.count({ where: { lockedUntil: { not: null } } })).toBeGreaterThan(0);

    // The dead worker's leases run out, as JOB_LEASE_MS after the kill would. They end here, in
    // the database, not by moving the new server's clock: that would also end at once the leases
    // the new server had just taken, and it would run those jobs twice.
    await check.job.updateMany({ where: { lockedUntil: { not: null } }, data: { lockedUntil: new Date(0) } });
    server = await startLatchkeyServer(databaseUrl, { env: serverEnv() });
    await eventually(async () => (await check.job.count()) === 0, "the queue empties");

    const subjects = sink.messages.filter((mail) => mail.envelope.to.includes(email)).map((mail) => mail.headers.subject);
    expect(new Set(subjects)).toEqual(new Set(titles));
    // At most one per mail being handed over at the kill.
    expect(subjects.length - titles.length).toBeLessThanOrEqual(ONE_BY_ONE_IN_FLIGHT);
    expect(await check.notificationDelivery.groupBy({ by: ["state"], _count: { _all: true } })).toEqual([{ state: "sent", _count: { _all: NOTIFICATIONS } }]);
  } finally {
    await check.$disconnect();
  }
});

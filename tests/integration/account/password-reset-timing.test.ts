// No account oracle by timing in password reset (T-B1). The reset request used to wait for
// its mail to be handed over only when the address had an account: with a slow SMTP server
// that wait told known addresses from unknown ones. Here a real SMTP server on loopback
// takes its time to accept each message, and both answers must take the same time.
/** @see issue 8, item 2 */
import { beforeAll, describe, expect, test } from "vitest";
import { useSmtpSink } from "../../setup/smtp-sink";

// Well above the time a reset answer takes, so waiting for the mail could not hide in it.
const SMTP_ANSWER_DELAY_MS = 400;
const smtp = useSmtpSink({ answerDelayMs: SMTP_ANSWER_DELAY_MS });
const ROUNDS = 20;

type Modules = {
  requestPasswordReset: typeof import("@/lib/account/reset-password").requestPasswordReset;
  backgroundMailSent: typeof import("@/lib/email/send-email").backgroundMailSent;
  builders: typeof import("../../fixtures/builders");
};

let modules: Modules;

beforeAll(async () => {
  const [reset, sendEmail, builders] = await Promise.all([import("@/lib/account/reset-password"), import("@/lib/email/send-email"), import("../../fixtures/builders")]);
  modules = { requestPasswordReset: reset.requestPasswordReset, backgroundMailSent: sendEmail.backgroundMailSent, builders };
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("no account oracle by timing in password reset", () => {
  test(`with an SMTP server that takes ${SMTP_ANSWER_DELAY_MS} ms per message, a known and an unknown address answer in the same time (median of ${ROUNDS} each, within 15%)`, async () => {
    const { requestPasswordReset, backgroundMailSent, builders } = modules;
    // One account per round: the per-address limit would otherwise stop the mails after three.
    // A few at a time: PostgreSQL's connection pool is small.
    const users: Awaited<ReturnType<typeof builders.createTestUser>>[] = [];
    while (users.length <= ROUNDS) users.push(...(await Promise.all(Array.from({ length: 3 }, () => builders.createTestUser()))));
    await backgroundMailSent();
    const time = async (email: string) => {
      const started = performance.now();
      await requestPasswordReset(email, builders.testContext());
      const elapsed = performance.now() - started;
      // A mail still on its way must not slow the next measurement down.
      await backgroundMailSent();
      return elapsed;
    };

    await time(users[ROUNDS]!.email); // warm-up
    await time(builders.uniqueEmail("nobody"));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      known.push(await time(users[round]!.email));
      unknown.push(await time(builders.uniqueEmail("nobody")));
    }

    const ratio = median(known) / median(unknown);
    expect(ratio, `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`).toBeGreaterThan(1 / 1.15);
    expect(ratio, `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`).toBeLessThan(1.15);
    // The links still went out, one to each known address, through the slow server.
    for (const user of users) {
      expect(smtp.sink.messages.filter((mail) => mail.envelope.to.includes(user.email) && mail.headers.subject === "Reset your password")).toHaveLength(1);
    }
  }, 180_000);
});

// The counters an operator watches for attacks and mail trouble (issue 12) move when the domain
// functions decide: sign-ins by method and outcome, lockouts, rate-limit refusals, mail. Read
// from the one registry /metrics serves (lib/operations/metrics.mjs); the text format and the
// endpoint are covered by tests/e2e/operations.spec.ts.
import type { Counter } from "prom-client";
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { LOCKOUT_THRESHOLD, SignInPausedError } from "@/lib/auth/lockout";
import { completeSecondFactor } from "@/lib/auth/second-factor";
import { metrics } from "@/lib/operations/metrics.mjs";
import { createTestUser, createTotpUser, mailsTo, testContext, totpCodeAt, wrongTotpCode } from "../../fixtures/builders";

/** A counter's value summed over the series whose labels include `labels`. */
async function count<L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>> = {}): Promise<number> {
  const { values } = await counter.get();
  return values.filter((value) => Object.entries(labels).every(([name, expected]) => value.labels[name as L] === expected)).reduce((sum, value) => sum + value.value, 0);
}

type Reading = () => Promise<number>;

/** One counter's series to watch. */
function reading<L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>> = {}): Reading {
  return () => count(counter, labels);
}

/** Runs `work` and returns how much each reading moved. */
async function moved(readings: Reading[], work: () => Promise<unknown>): Promise<number[]> {
  const before = await Promise.all(readings.map((read) => read()));
  await work();
  const after = await Promise.all(readings.map((read) => read()));
  return after.map((value, index) => value - before[index]!);
}

const signIns = (method: string, outcome: string) => reading(metrics.signIns, { method, outcome });

describe("sign-in, lockout and rate-limit counters", () => {
  test("password sign-ins by outcome; the failure that locks counts a lockout and mails; the next attempt counts as locked and refused", async () => {
    const user = await createTestUser();
    const context = testContext();
    expect(await moved([signIns("password", "success")], () => authenticateWithPassword({ email: user.email, password: user.password }, context))).toEqual([1]);
    expect(await moved([signIns("password", "failure")], () => authenticateWithPassword({ email: user.email, password: "Wrong-Password-1" }, context))).toEqual([1]);

    const mailBefore = await count(metrics.emails, { result: "sent" });
    const lockouts = await moved([reading(metrics.lockouts)], async () => {
      for (let attempt = 2; attempt <= LOCKOUT_THRESHOLD; attempt++) await authenticateWithPassword({ email: user.email, password: "Wrong-Password-1" }, context);
    });
    expect(lockouts).toEqual([1]);
    await mailsTo(user.email);
    expect(await count(metrics.emails, { result: "sent" })).toBeGreaterThan(mailBefore);

    const [locked, refused] = await moved([signIns("password", "locked"), reading(metrics.rateLimitRefusals, { limit: "auth-failures:account" })], () =>
      expect(authenticateWithPassword({ email: user.email, password: user.password }, context)).rejects.toBeInstanceOf(SignInPausedError),
    );
    expect([locked, refused]).toEqual([1, 1]);
  });

  test("second factors by method: a password step that needs one, a wrong and a right TOTP code, a recovery code", async () => {
    const user = await createTotpUser();
    const passwordStep = async () => {
      const result = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
      if (result?.kind !== "second_factor") throw new Error("expected a second step");
      return result.pendingToken;
    };
    let pendingToken = "";
    expect(await moved([signIns("password", "second_factor_required")], async () => (pendingToken = await passwordStep()))).toEqual([1]);
    const wrong = await wrongTotpCode(user.secret);
    expect(await moved([signIns("totp", "failure")], () => completeSecondFactor({ pendingToken, method: "totp", code: wrong }, testContext()))).toEqual([1]);
    const right = await totpCodeAt(user.secret);
    expect(await moved([signIns("totp", "success")], () => completeSecondFactor({ pendingToken, method: "totp", code: right }, testContext()))).toEqual([1]);

    const recoveryPending = await passwordStep();
    const [used] = await moved([signIns("recovery_code", "success")], () =>
      completeSecondFactor({ pendingToken: recoveryPending, method: "recovery_code", code: user.recoveryCodes[0]! }, testContext()),
    );
    expect(used).toBe(1);
  });
});

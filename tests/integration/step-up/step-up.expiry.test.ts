// A step-up lasts STEP_UP_MAX_AGE_MS, tested at the boundary with the test clock
// (tests/fixtures/clock.ts): a sensitive action is allowed a second before the end, and asks
// to confirm again a second after.
import { describe, expect, test } from "vitest";
import { STEP_UP_MAX_AGE_MS, requireStepUp } from "@/lib/auth/step-up";
import { advanceClockTo } from "../../fixtures/clock";
import { activeSession, createSignedInUser, stepUpWithPassword } from "../../fixtures/builders";

describe("the end of a step-up", () => {
  test("requireStepUp passes until STEP_UP_MAX_AGE_MS after the step-up, then asks again", async () => {
    const user = await createSignedInUser();
    const { stepUpAt } = await stepUpWithPassword(user.token, user.password);
    const steppedUpAt = stepUpAt!.getTime();

    advanceClockTo(steppedUpAt + STEP_UP_MAX_AGE_MS - 1_000);
    const justBefore = await activeSession(user.token);
    expect(() => requireStepUp(justBefore)).not.toThrow();

    advanceClockTo(steppedUpAt + STEP_UP_MAX_AGE_MS + 1_000);
    expect(() => requireStepUp(justBefore)).toThrow(expect.objectContaining({ code: "STEP_UP_REQUIRED" }));
    const justAfter = await activeSession(user.token);
    expect(() => requireStepUp(justAfter)).toThrow(expect.objectContaining({ code: "STEP_UP_REQUIRED" }));
  });
});

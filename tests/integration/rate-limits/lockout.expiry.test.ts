// The account lockout ends after its block time (RATE_LIMITS["auth-failures:account"]
// .blockSeconds), tested at the boundary with the test clock (tests/fixtures/clock.ts): the
// right password is still refused a second before the end, and signs in a second after.
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { LOCKOUT_THRESHOLD } from "@/lib/auth/lockout";
import { RATE_LIMITS } from "@/lib/rate-limit/limit";
import { advanceClockTo } from "../../fixtures/clock";
import { createTestUser, testContext } from "../../fixtures/builders";

const BLOCK_MS = RATE_LIMITS["auth-failures:account"].blockSeconds * 1000;

/** "session" when the password opens one; "refused" for any other answer (wrong, or paused). */
async function signInOutcome(email: string, password: string): Promise<string> {
  // Each attempt from its own address: only the account's counter sees them all.
  const result = await authenticateWithPassword({ email, password }, testContext()).catch(() => null);
  return result?.kind === "session" ? "session" : "refused";
}

describe("the end of an account lockout", () => {
  test("the right password is refused until the block time has passed, then signs in", async () => {
    const user = await createTestUser();
    for (let attempt = 0; attempt < LOCKOUT_THRESHOLD; attempt++) expect(await signInOutcome(user.email, "Wrong-Horse-9")).toBe("refused");

    // The next attempt, even with the right password, meets the lock: the block starts now.
    const lockedFrom = Date.now();
    expect(await signInOutcome(user.email, user.password)).toBe("refused");
    const lockedBy = Date.now();

    advanceClockTo(lockedFrom + BLOCK_MS - 1_000);
    expect(await signInOutcome(user.email, user.password)).toBe("refused");

    advanceClockTo(lockedBy + BLOCK_MS + 1_000);
    expect(await signInOutcome(user.email, user.password)).toBe("session");
  });
});

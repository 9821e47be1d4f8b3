// Waiting on a child process (a Latchkey server the test started) to get somewhere, for the
// fault tests: the test clock does not move another process's work along.

/** Polls until `check` holds; the deadline is generous because a restart may run on a busy machine. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not within ${timeoutMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

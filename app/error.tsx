"use client";

import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/errors";

// Unexpected failures: a generic message and a reference; the detail stays in the server log.
// A database outage has its own page: it is nobody's mistake, and waiting is the fix.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const databaseUnavailable = error.digest === DATABASE_UNAVAILABLE_DIGEST;
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">{databaseUnavailable ? "Latchkey can't reach its database" : "Something went wrong"}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {databaseUnavailable
          ? "Latchkey is running, but its database isn't answering. Try again in a minute. If you were saving a change, check that it's there once this page loads again."
          : `Try again in a moment. If it keeps happening, tell your administrator${error.digest ? ` the reference ${error.digest}` : ""}.`}
      </p>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-zinc-900 px-4 py-2 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900">
        Try again
      </button>
    </main>
  );
}

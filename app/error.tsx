"use client";

// Unexpected failures: a generic message and a reference; the detail stays in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Try again in a moment. If it keeps happening, tell your administrator
        {error.digest ? ` the reference ${error.digest}` : ""}.
      </p>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-zinc-900 px-4 py-2 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900">
        Try again
      </button>
    </main>
  );
}

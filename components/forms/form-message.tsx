import type { ActionResult } from "@/lib/errors";

/**
 * The outcome of a form: successes in a polite status region, failures as an alert. The
 * status region is always rendered so screen readers announce what appears in it; while
 * empty it is visually hidden, not display:none, which would drop it from the accessibility tree.
 */
export function FormMessage({ state, success }: { state: ActionResult<unknown> | null; success?: string }) {
  const failure = state && !state.ok ? state.message : null;
  const ok = state?.ok ? (state.message ?? success) : null;
  return (
    <>
      <p role="status" className="text-sm text-green-800 empty:sr-only dark:text-green-400">
        {ok}
      </p>
      {failure ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-300">
          {failure}
        </p>
      ) : null}
    </>
  );
}

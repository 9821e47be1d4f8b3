/** A confirmation shown after an action whose own form left the page (a removed row). */
export function PageNotice({ message }: { message: string | null }) {
  return (
    <p
      role="status"
      className="mb-6 max-w-3xl rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 empty:hidden dark:border-green-800 dark:bg-green-950 dark:text-green-200"
    >
      {message}
    </p>
  );
}

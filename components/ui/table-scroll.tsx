import type { ReactNode } from "react";

/**
 * The box a wide table scrolls in at narrow widths. It is a named, focusable region so the
 * keyboard can scroll it, and `relative` so the table's visually hidden texts (absolutely
 * positioned) stay inside it instead of widening the page.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className="relative max-w-full overflow-x-auto rounded-lg border border-zinc-200 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-800"
    >
      {children}
    </div>
  );
}

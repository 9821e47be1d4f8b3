import type { ReactNode } from "react";

/**
 * What a list or table shows when it has nothing: a dashed box with a short title when the
 * empty list needs explaining, and a sentence that says what to do.
 */
export function EmptyState({ title, centered = false, className = "", children }: { title?: string; centered?: boolean; className?: string; children: ReactNode }) {
  return (
    <div
      className={`rounded-lg border border-dashed border-zinc-300 p-6 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400 ${centered ? "text-center" : ""} ${className}`}
    >
      {title ? <p className="font-medium text-zinc-900 dark:text-zinc-100">{title}</p> : null}
      {title ? <div className="mt-1">{children}</div> : children}
    </div>
  );
}

import type { ReactNode } from "react";

/** The ids a control points to with aria-describedby: its description and its error. */
export function describedBy(id: string, { description, error }: { description?: ReactNode; error?: string }) {
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { descriptionId, errorId, ariaDescribedBy: [descriptionId, errorId].filter(Boolean).join(" ") || undefined };
}

/** A control's description and inline error, under it, with the ids describedBy named. */
export function FieldText({ id, description, error }: { id: string; description?: ReactNode; error?: string }) {
  const { descriptionId, errorId } = describedBy(id, { description, error });
  return (
    <>
      {description ? (
        <p id={descriptionId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </>
  );
}

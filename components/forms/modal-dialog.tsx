"use client";

import { useId, useLayoutEffect, useRef, type ReactNode } from "react";

type Props = {
  open: boolean;
  onClose: () => void;
  title: string;
  /** A sentence under the title that says what the dialog asks for (its accessible description). */
  description?: ReactNode;
  children: ReactNode;
  /** While a secret is on screen: Escape and clicks outside do nothing, only the dialog's own button closes it. */
  locked?: boolean;
  width?: string;
};

/**
 * A modal holding a form or a result (native <dialog>: focus stays inside, Escape closes unless
 * locked). Its content is rendered only while it is open: a page holds many closed ones (a
 * step-up dialog for each form that may ask for one), and rendering their forms into the page
 * cost /settings/api-keys and /settings/security about a tenth of their server time. A form in
 * it starts afresh each time it opens.
 */
export function ModalDialog({ open, onClose, title, description, children, locked = false, width = "max-w-sm" }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const lockedRef = useRef(locked);
  lockedRef.current = locked;
  // Before the browser paints: the content and the dialog's state change together. The content
  // mounts before the dialog opens, when nothing in it can take the focus yet (so React's
  // autoFocus would be lost): the element marked data-autofocus gets it once the dialog is open,
  // else the dialog's first focusable element does.
  useLayoutEffect(() => {
    if (open && !dialog.current?.open) {
      dialog.current?.showModal();
      dialog.current?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      onCancel={(event) => {
        if (lockedRef.current) event.preventDefault();
      }}
      onClose={() => {
        // A browser may close a dialog despite a cancelled Escape (repeated presses): reopen it
        // while the secret is still on screen.
        if (lockedRef.current && open) dialog.current?.showModal();
        else onClose();
      }}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className={`m-auto w-full ${width} rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      <h2 id={titleId} className="mb-4 text-lg font-semibold">
        {title}
      </h2>
      {description ? (
        <p id={descriptionId} className="-mt-3 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          {description}
        </p>
      ) : null}
      {open ? children : null}
    </dialog>
  );
}

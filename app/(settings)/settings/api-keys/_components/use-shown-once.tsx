"use client";

import { useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useStepUp } from "@/components/step-up/use-step-up";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import type { ActionResult } from "@/lib/errors";
import { ShownSecret } from "@/components/forms/shown-secret";

type Action<T> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * A form whose success carries whole keys, shown until the person dismisses them: the action's
 * state, the step-up dialog that may come first, and the keys while they are on screen.
 */
export function useShownOnce<T>(serverAction: Action<T>, stepUpMethod: StepUpMethod) {
  const [state, action] = useActionState(serverAction, null);
  const [dismissed, setDismissed] = useState<typeof state>(null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog: stepUpDialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const shown = state?.ok && state !== dismissed ? state : null;
  const failure = visibleState && !visibleState.ok ? visibleState : null;
  return {
    action,
    form,
    stepUpDialog,
    failure,
    errors: failure?.fieldErrors,
    /** The success whose keys are on screen, or null. */
    shown,
    /** The last success once dismissed, for a confirmation outside the dialog. */
    done: state?.ok && state === dismissed ? state : null,
    dismiss: () => {
      if (state?.ok) setDismissed(state);
    },
  };
}

/** The notice under a secret shown once. */
export function ShownOnceNotice({ revealable }: { revealable: boolean }) {
  return (
    <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
      {revealable
        ? "Copy it now and keep it somewhere safe. You can view it again later with “View API keys” and a second factor."
        : "Copy it now and keep it somewhere safe. It won't be shown again: this organization shows secrets only once."}
    </p>
  );
}

/** Whole keys in a dialog: what happened, each key with Copy, the notice, and the one button that closes it. */
export function ShownKeys({
  message,
  keys,
  revealable,
  closeLabel,
  onClose,
}: {
  message: string;
  keys: { id: string; label: string; key: string }[];
  revealable: boolean;
  closeLabel: string;
  onClose: () => void;
}) {
  return (
    <div className="space-y-4">
      <p role="status" className="text-sm">
        {message}
      </p>
      {keys.length > 0 ? (
        <ul aria-label="New API key secrets" className="space-y-3">
          {keys.map((key) => (
            <li key={key.id}>
              <ShownSecret label={key.label} value={key.key} />
            </li>
          ))}
        </ul>
      ) : null}
      <ShownOnceNotice revealable={revealable} />
      <div className="flex justify-end">
        <Button type="button" onClick={onClose}>
          {closeLabel}
        </Button>
      </div>
    </div>
  );
}

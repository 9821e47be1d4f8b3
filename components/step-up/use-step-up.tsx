"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { ActionResult } from "@/lib/errors";
import { StepUpDialog } from "./step-up-dialog";
import type { StepUpMethod } from "@/lib/auth/step-up-method";

/**
 * For a form whose action may answer STEP_UP_REQUIRED: opens the step-up dialog, and once
 * the person confirmed, submits the form again. The server decides; this only helps.
 */
export function useStepUp(state: ActionResult<unknown> | null, form: RefObject<HTMLFormElement | null>, method: StepUpMethod) {
  const [open, setOpen] = useState(false);
  const seen = useRef<typeof state>(null);
  useEffect(() => {
    if (state && !state.ok && state.code === "STEP_UP_REQUIRED" && seen.current !== state) {
      seen.current = state;
      setOpen(true);
    }
  }, [state]);
  const close = useCallback(() => setOpen(false), []);
  const retry = useCallback(() => form.current?.requestSubmit(), [form]);
  const dialog = <StepUpDialog open={open} method={method} onClose={close} onConfirmed={retry} />;
  // While the dialog asks, the form shows no error of its own.
  const visibleState = state && !state.ok && state.code === "STEP_UP_REQUIRED" ? null : state;
  return { dialog, visibleState };
}

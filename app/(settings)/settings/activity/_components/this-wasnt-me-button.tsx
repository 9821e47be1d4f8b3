"use client";

import { useActionState, useRef } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import { thisWasntMeAction } from "../actions";
import type { StepUpMethod } from "@/lib/auth/step-up-method";

/** Signs out every other session, then leads to the password and two-factor settings. */
export function ThisWasntMeButton({ stepUpMethod }: { stepUpMethod: StepUpMethod }) {
  const [state, action] = useActionState(thisWasntMeAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  return (
    <>
      <form ref={form} action={action} className="shrink-0">
        <SubmitButton variant="secondary" pendingLabel="Securing…">
          This wasn&apos;t me
        </SubmitButton>
        <FormMessage state={visibleState} />
      </form>
      {dialog}
    </>
  );
}

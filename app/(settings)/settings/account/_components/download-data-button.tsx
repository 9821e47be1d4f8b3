"use client";

import { useActionState, useEffect, useRef } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { prepareDataExportAction } from "../actions";

const DATA_EXPORT_PATH = "/settings/account/export";

/** Confirms it's you (when the session is not elevated), then downloads the file. */
export function DownloadDataButton({ stepUpMethod }: { stepUpMethod: StepUpMethod }) {
  const [state, action] = useActionState(prepareDataExportAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const downloaded = useRef<typeof state>(null);
  useEffect(() => {
    if (state?.ok && downloaded.current !== state) {
      downloaded.current = state;
      // An attachment: the browser saves it and stays on this page.
      window.location.assign(DATA_EXPORT_PATH);
    }
  }, [state]);
  return (
    <>
      <form ref={form} action={action} className="space-y-2">
        <SubmitButton variant="secondary" pendingLabel="Preparing…">
          Download your data
        </SubmitButton>
        <FormMessage state={visibleState} />
      </form>
      {dialog}
    </>
  );
}

"use client";

import { useActionState, useRef, useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import type { ActionResult } from "@/lib/errors";
import { SigningSecret } from "./signing-secret";
import { deleteWebhookEndpointAction, rollWebhookSecretAction, sendTestWebhookAction, setWebhookEndpointEnabledAction } from "../actions";

type Props = { endpointId: string; url: string; enabled: boolean; stepUpMethod: StepUpMethod };

/**
 * The buttons of one endpoint, each named on its own ("Send test to https://…") since a page
 * lists several endpoints; one status line under them says what the last one did.
 */
export function EndpointActions({ endpointId, url, enabled, stepUpMethod }: Props) {
  const [testState, sendTest] = useActionState(sendTestWebhookAction, null);
  const [toggleState, toggle] = useActionState(setWebhookEndpointEnabledAction, null);
  const [rollState, roll] = useActionState(rollWebhookSecretAction, null);
  const [deleteState, remove] = useActionState(deleteWebhookEndpointAction, null);
  const [last, setLast] = useState<"test" | "toggle" | "roll" | "delete" | null>(null);
  const [confirm, setConfirm] = useState<"roll" | "delete" | null>(null);
  const [dismissedRoll, setDismissedRoll] = useState<typeof rollState>(null);
  const rollForm = useRef<HTMLFormElement>(null);
  const deleteForm = useRef<HTMLFormElement>(null);
  // Rolling asks the person to confirm it's them first, then submits the roll again.
  const { dialog: stepUpDialog, visibleState: visibleRollState } = useStepUp(rollState, rollForm, stepUpMethod);
  const shownSecret = rollState?.ok && rollState !== dismissedRoll ? rollState : null;
  const states: Record<NonNullable<typeof last>, ActionResult<unknown> | null> = { test: testState, toggle: toggleState, roll: visibleRollState, delete: deleteState };
  const named = <span className="sr-only"> {url}</span>;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <form action={sendTest} onSubmit={() => setLast("test")}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <PendingButton pendingLabel="Sending…">
            Send test<span className="sr-only"> to</span>
            {named}
          </PendingButton>
        </form>
        <Button type="button" variant="secondary" onClick={() => setConfirm("roll")}>
          Roll secret<span className="sr-only"> of</span>
          {named}
        </Button>
        <form action={toggle} onSubmit={() => setLast("toggle")}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <PendingButton pendingLabel={enabled ? "Disabling…" : "Enabling…"}>
            {enabled ? "Disable" : "Enable"}
            {named}
          </PendingButton>
        </form>
        <Button type="button" variant="danger" onClick={() => setConfirm("delete")}>
          Delete{named}
        </Button>
      </div>
      <form ref={rollForm} action={roll} onSubmit={() => setLast("roll")} hidden>
        <input type="hidden" name="endpointId" value={endpointId} />
      </form>
      <form ref={deleteForm} action={remove} onSubmit={() => setLast("delete")} hidden>
        <input type="hidden" name="endpointId" value={endpointId} />
      </form>
      <FormMessage state={last && !(last === "roll" && shownSecret) ? states[last] : null} />
      <ConfirmDialog
        open={confirm === "roll"}
        title="Roll the signing secret?"
        confirmLabel="Roll secret"
        onClose={() => setConfirm(null)}
        onConfirm={() => rollForm.current?.requestSubmit()}
      >
        <span className="break-all">{url}</span> gets a new signing secret at once, and the current one stops working: deliveries from now on, retries included, are signed with the
        new one. Give it to your receiver right away.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "delete"}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        onClose={() => setConfirm(null)}
        onConfirm={() => deleteForm.current?.requestSubmit()}
      >
        <span className="break-all">{url}</span> receives nothing more, and its delivery log is deleted with it. This can&apos;t be undone.
      </ConfirmDialog>
      <ModalDialog width="max-w-lg" open={Boolean(shownSecret)} onClose={() => setDismissedRoll(rollState)} title="New signing secret" locked>
        {shownSecret ? <SigningSecret message={shownSecret.message ?? ""} url={url} secret={shownSecret.data.secret} onClose={() => setDismissedRoll(rollState)} /> : null}
      </ModalDialog>
      {stepUpDialog}
    </div>
  );
}

/** A secondary submit button whose accessible name names its endpoint, busy while its form runs. */
function PendingButton({ children, pendingLabel }: { children: ReactNode; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="secondary" disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : children}
    </Button>
  );
}

"use client";

import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { TypedConfirmationField, TypedConfirmSubmit } from "@/components/forms/typed-confirmation";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { regenerateAllApiKeysAction } from "../actions";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { ShownKeys, useShownOnce } from "./use-shown-once";

const CONFIRMATION = "regenerate all";

/** Danger zone: every working key gets a new secret at once (no grace), shown once. */
export function RegenerateAll({ organizationId, stepUpMethod, revealable }: { organizationId: string; stepUpMethod: StepUpMethod; revealable: boolean }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const { action, form, stepUpDialog, failure, errors, shown, dismiss } = useShownOnce(regenerateAllApiKeysAction, stepUpMethod);
  const close = () => {
    setOpen(false);
    dismiss();
  };
  return (
    <div className="mt-2">
      <h3 className="font-medium">Regenerate all secrets</h3>
      <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        Every working key of the organization gets a new secret. The old secrets stop working at once, with no grace period: use it when secrets may have leaked.
      </p>
      <Button
        type="button"
        variant="danger"
        onClick={() => {
          dismiss();
          setTyped("");
          setOpen(true);
        }}
      >
        Regenerate all secrets
      </Button>
      <ModalDialog open={open} onClose={close} title={shown ? "New secrets" : "Regenerate all secrets?"} locked={Boolean(shown)} width="max-w-2xl">
        {shown ? (
          <ShownKeys
            message={shown.message ?? ""}
            keys={shown.data.map((key) => ({ id: key.id, label: key.description, key: key.key }))}
            revealable={revealable}
            closeLabel="Done"
            onClose={close}
          />
        ) : (
          <form ref={form} action={action} className="space-y-4" noValidate>
            <input type="hidden" name="organizationId" value={organizationId} />
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Every integration using a key of this organization stops working until it gets its new key. This can&apos;t be undone.
            </p>
            <TypedConfirmationField id="regenerate-confirmation" expected={CONFIRMATION} value={typed} onChange={setTyped} errors={errors?.confirmation} />
            <FormMessage state={failure} />
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={close}>
                Cancel
              </Button>
              <TypedConfirmSubmit matches={typed.trim().toLowerCase() === CONFIRMATION} label="Regenerate all secrets" pendingLabel="Regenerating…" />
            </div>
          </form>
        )}
      </ModalDialog>
      {stepUpDialog}
    </div>
  );
}

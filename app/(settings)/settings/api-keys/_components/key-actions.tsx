"use client";

import { useActionState, useRef, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { TypedConfirmationField, TypedConfirmSubmit } from "@/components/forms/typed-confirmation";
import { SelectField } from "@/components/forms/select-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import { ROTATION_GRACE_CHOICES } from "@/lib/api-keys/choices";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { revokeApiKeyAction, rotateApiKeyAction } from "../actions";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { ShownKeys, useShownOnce } from "./use-shown-once";

type Props = { organizationId: string; keyId: string; description: string; stepUpMethod: StepUpMethod };

/** "Rotate": choose how long the old secret keeps working, then the new key once. */
export function RotateKeyButton({ organizationId, keyId, description, stepUpMethod, revealable }: Props & { revealable: boolean }) {
  const [open, setOpen] = useState(false);
  const [grace, setGrace] = useState("none");
  const { action, form, stepUpDialog, failure, errors, shown, dismiss } = useShownOnce(rotateApiKeyAction, stepUpMethod);
  const close = () => {
    setOpen(false);
    dismiss();
  };
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        onClick={() => {
          dismiss();
          setGrace("none");
          setOpen(true);
        }}
      >
        Rotate<span className="sr-only"> {description}</span>
      </Button>
      <ModalDialog width="max-w-lg" open={open} onClose={close} title={shown ? `New secret for ${description}` : `Rotate ${description}?`} locked={Boolean(shown)}>
        {shown ? (
          <ShownKeys
            message={shown.message ?? ""}
            keys={[{ id: keyId, label: `API key ${description}`, key: shown.data.key }]}
            revealable={revealable}
            closeLabel="I've copied it"
            onClose={close}
          />
        ) : (
          <form ref={form} action={action} className="space-y-4" noValidate>
            <input type="hidden" name="organizationId" value={organizationId} />
            <input type="hidden" name="keyId" value={keyId} />
            <p className="text-sm text-zinc-600 dark:text-zinc-400">The key keeps its ID and settings and gets a new secret. Update the places that use it.</p>
            <SelectField
              id={`rotate-grace-${keyId}`}
              name="grace"
              label="Old secret keeps working for"
              value={grace}
              onChange={(event) => setGrace(event.target.value)}
              errors={errors?.grace}
            >
              {ROTATION_GRACE_CHOICES.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.label}
                </option>
              ))}
            </SelectField>
            <FormMessage state={failure} />
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={close}>
                Cancel
              </Button>
              <SubmitButton pendingLabel="Rotating…">Rotate key</SubmitButton>
            </div>
          </form>
        )}
      </ModalDialog>
      {stepUpDialog}
    </>
  );
}

/** "Revoke": the key stops at once; confirmed by typing its description. */
export function RevokeKeyButton({ organizationId, keyId, description, stepUpMethod, from }: Props & { from: "list" | "key" }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [state, action] = useActionState(revokeApiKeyAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, stepUpMethod);
  return (
    <>
      <Button
        type="button"
        variant="danger"
        onClick={() => {
          setTyped("");
          setOpen(true);
        }}
      >
        Revoke<span className="sr-only"> {description}</span>
      </Button>
      <ModalDialog open={open} onClose={() => setOpen(false)} title={`Revoke ${description}?`} width="max-w-md">
        <form ref={form} action={action} className="space-y-4" noValidate>
          <input type="hidden" name="organizationId" value={organizationId} />
          <input type="hidden" name="keyId" value={keyId} />
          <input type="hidden" name="from" value={from} />
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Every request made with it is refused from now on. This can&apos;t be undone.</p>
          <TypedConfirmationField
            id={`revoke-confirmation-${keyId}`}
            expected={description}
            value={typed}
            onChange={setTyped}
            errors={visibleState && !visibleState.ok ? visibleState.fieldErrors?.confirmation : undefined}
          />
          <FormMessage state={visibleState && !visibleState.ok ? visibleState : null} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <TypedConfirmSubmit matches={typed.trim() === description} label="Revoke key" pendingLabel="Revoking…" />
          </div>
        </form>
      </ModalDialog>
      {dialog}
    </>
  );
}

"use client";

import { startRegistration, WebAuthnError } from "@simplewebauthn/browser";
import { startTransition, useActionState, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { StepUpDialog } from "@/components/step-up/step-up-dialog";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import { finishPasskeyRegistrationAction, passkeyRegistrationOptionsAction } from "../actions";

export function AddPasskeyForm({ stepUpMethod, maxLength }: { stepUpMethod: StepUpMethod; maxLength: number }) {
  const [state, finish] = useActionState(finishPasskeyRegistrationAction, null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [steppingUp, setSteppingUp] = useState(false);

  const add = async () => {
    setError(null);
    setBusy(true);
    try {
      const options = await passkeyRegistrationOptionsAction(null, new FormData());
      if (!options.ok) {
        if (options.code === "STEP_UP_REQUIRED") setSteppingUp(true);
        else setError(options.message);
        return;
      }
      let response;
      try {
        response = await startRegistration({ optionsJSON: options.data });
      } catch (caught) {
        const duplicate = caught instanceof WebAuthnError && caught.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED";
        setError(duplicate ? "This passkey is already added to your account." : "The passkey prompt was closed before a passkey was made. Try again when you're ready.");
        return;
      }
      const formData = new FormData();
      formData.set("name", name);
      formData.set("response", JSON.stringify(response));
      startTransition(() => finish(formData));
      setName("");
    } finally {
      setBusy(false);
    }
  };

  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <>
      <form
        className="flex max-w-xl flex-col gap-3 sm:flex-row sm:items-end"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
        noValidate
      >
        <div className="flex-1">
          <Field
            name="name"
            label="Passkey name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={maxLength}
            placeholder="e.g. My Laptop"
            errors={errors?.name}
            description="Leave empty to name it after this browser and system."
          />
        </div>
        <Button type="submit" disabled={busy} className="sm:mb-6">
          {busy ? "Waiting for your passkey…" : "Add passkey"}
        </Button>
      </form>
      {error ? (
        <p role="alert" className="mt-2 max-w-xl text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="mt-2 max-w-xl">
        <FormMessage state={state} />
      </div>
      <StepUpDialog open={steppingUp} method={stepUpMethod} onClose={() => setSteppingUp(false)} onConfirmed={() => void add()} />
    </>
  );
}

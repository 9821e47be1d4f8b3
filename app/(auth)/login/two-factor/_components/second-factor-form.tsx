"use client";

import { useActionState, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { verifySecondFactorAction } from "../actions";

export function SecondFactorForm({ next }: { next: string }) {
  const [state, action] = useActionState(verifySecondFactorAction, null);
  const [method, setMethod] = useState<"totp" | "recovery_code">("totp");
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        {method === "totp" ? "Enter the 6-digit code from your authenticator app." : "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each code works once."}
      </p>
      <form action={action} className="space-y-4" noValidate key={method}>
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="secondFactorMethod" value={method} />
        <FormMessage state={state} />
        {method === "totp" ? (
          <Field name="code" label="Authentication code" inputMode="numeric" autoComplete="one-time-code" required autoFocus maxLength={12} errors={errors?.code} />
        ) : (
          <Field name="code" label="Recovery code" autoComplete="off" autoCapitalize="none" spellCheck={false} required autoFocus maxLength={32} errors={errors?.code} />
        )}
        <SubmitButton pendingLabel="Verifying…">Verify</SubmitButton>
      </form>
      <button
        type="button"
        onClick={() => setMethod(method === "totp" ? "recovery_code" : "totp")}
        className="mt-4 text-sm font-medium text-blue-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-400"
      >
        {method === "totp" ? "Use a recovery code" : "Use your authenticator app"}
      </button>
    </>
  );
}

"use client";

import { useActionState } from "react";
import { resendVerificationEmailAction } from "@/app/(settings)/settings/actions";
import { FormMessage } from "@/components/forms/form-message";

export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, action, pending] = useActionState(resendVerificationEmailAction, null);
  return (
    <div className="mb-6 rounded-md border border-blue-300 bg-blue-50 px-3 py-2 text-sm text-blue-950 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100">
      <form action={action} className="flex flex-wrap items-center justify-between gap-2">
        <p>
          Verify your email address: we sent a link to <strong>{email}</strong>.
        </p>
        <button type="submit" disabled={pending} className="rounded font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-60">
          {pending ? "Sending…" : "Resend verification email"}
        </button>
      </form>
      <FormMessage state={state} />
    </div>
  );
}

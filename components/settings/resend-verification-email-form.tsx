"use client";

import { useActionState, type ReactNode } from "react";
import { resendVerificationEmailAction } from "@/app/(settings)/settings/actions";
import { FormMessage } from "@/components/forms/form-message";

/** The text given as children, a button that mails the verification link again, and what the server answered. */
export function ResendVerificationEmailForm({ children, className, label = "Resend verification email" }: { children?: ReactNode; className?: string; label?: string }) {
  const [state, action, pending] = useActionState(resendVerificationEmailAction, null);
  return (
    <>
      <form action={action} className={className}>
        {children}
        <button
          type="submit"
          disabled={pending}
          className="rounded font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-60"
        >
          {pending ? "Sending…" : label}
        </button>
      </form>
      <FormMessage state={state} />
    </>
  );
}

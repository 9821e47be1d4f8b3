import { ResendVerificationEmailForm } from "./resend-verification-email-form";

/**
 * Shown instead of "Add passkey" or "Set up authenticator app" until the address is verified
 * (the server refuses them too: docs/decisions/0010-verified-email-before-new-sign-in-methods.md).
 */
export function VerifyEmailRequired({ email, adding }: { email: string; adding: string }) {
  return (
    <div className="max-w-xl rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-medium">Verify your email address before you add {adding}.</p>
      <p className="mt-1">
        Open the link we sent to <strong>{email}</strong>. Until then, anyone could have created this account with your address, so nothing that signs in can be added to it.
      </p>
      <ResendVerificationEmailForm className="mt-2" label="Send a new verification link" />
    </div>
  );
}

import { ResendVerificationEmailForm } from "./resend-verification-email-form";

export function VerifyEmailBanner({ email }: { email: string }) {
  return (
    <div className="mb-6 rounded-md border border-blue-300 bg-blue-50 px-3 py-2 text-sm text-blue-950 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100">
      <ResendVerificationEmailForm className="flex flex-wrap items-center justify-between gap-2">
        <p>
          Verify your email address: we sent a link to <strong>{email}</strong>.
        </p>
      </ResendVerificationEmailForm>
    </div>
  );
}

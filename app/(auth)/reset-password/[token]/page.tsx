import type { Metadata } from "next";
import Link from "next/link";
import { getPasswordResetLink } from "@/lib/account/reset-password";
import { getConfig } from "@/lib/config/env";
import { ResetPasswordForm } from "./_components/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await getPasswordResetLink(token);
  if (!link) {
    return (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">This link no longer works</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Reset links work once and for 1 hour. Ask for a new one.</p>
        <Link href="/forgot-password" className="mt-6 inline-block text-sm font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Send a new link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">Every device signed in to your account will be signed out.</p>
      {link.hasTwoFactor ? (
        <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          Your account has two-factor authentication. Resetting the password doesn&apos;t remove it: you&apos;ll still need your authenticator app or a recovery code to sign in.
        </p>
      ) : null}
      <ResetPasswordForm token={token} policy={getConfig().PASSWORD_POLICY} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { TokenActionForm } from "../../_components/token-action-form";
import { verifyEmailAction } from "./actions";

export const metadata: Metadata = { title: "Verify your email address", referrer: "no-referrer" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Verify your email address</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">Confirm that this address belongs to your Latchkey account.</p>
      <TokenActionForm token={token} action={verifyEmailAction} label="Verify email address" pendingLabel="Verifying…" />
      <p className="mt-6 text-sm">
        <Link href="/settings/profile" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Go to your settings
        </Link>
      </p>
    </>
  );
}

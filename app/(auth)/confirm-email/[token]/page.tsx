import type { Metadata } from "next";
import { TokenActionForm } from "../../_components/token-action-form";
import { confirmEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your new email address", referrer: "no-referrer" };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Confirm your new email address</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">Your Latchkey account will use this address from now on.</p>
      <TokenActionForm token={token} action={confirmEmailChangeAction} label="Confirm new email address" pendingLabel="Confirming…" />
    </>
  );
}

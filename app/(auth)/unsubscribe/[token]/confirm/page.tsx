import type { Metadata } from "next";
import Link from "next/link";
import { categoryLabel } from "@/lib/notifications/categories";
import { INVALID_UNSUBSCRIBE_LINK, readUnsubscribeToken } from "@/lib/notifications/unsubscribe-link";
import { TokenActionForm } from "../../../_components/token-action-form";
import { unsubscribeAction } from "./actions";

export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer" };

export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const target = readUnsubscribeToken(token);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Unsubscribe</h1>
      {target ? (
        <>
          <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
            Stop {categoryLabel(target.category)} emails from Latchkey. Other emails, and security alerts, still reach you.
          </p>
          <TokenActionForm token={token} action={unsubscribeAction} label={`Unsubscribe from ${categoryLabel(target.category)} emails`} pendingLabel="Unsubscribing…" />
        </>
      ) : (
        <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-300">
          {INVALID_UNSUBSCRIBE_LINK}
        </p>
      )}
      <p className="mt-6 text-sm">
        <Link href="/settings/notifications" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Choose all your notifications
        </Link>
      </p>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { readPendingSignInCookie } from "@/lib/auth/pending-cookie";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import { getSession } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { hasPasskey } from "@/lib/webauthn/passkeys";
import { SecondFactorForm } from "./_components/second-factor-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  const target = safeRedirectPath(next);
  if (await getSession()) redirect(target);
  const pendingToken = await readPendingSignInCookie();
  const pending = pendingToken ? await findPendingSignIn(pendingToken) : null;
  if (!pending) redirect(`/login?${new URLSearchParams({ next: target, expired: "1" })}`);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Two-factor authentication</h1>
      <SecondFactorForm next={target} hasPasskey={await hasPasskey(pending.userId)} />
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        <Link href="/login" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Sign in as someone else
        </Link>
      </p>
    </>
  );
}

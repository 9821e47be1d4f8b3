import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { PasskeySignIn } from "./_components/passkey-sign-in";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next, expired, reset, deleted } = await searchParams;
  const target = safeRedirectPath(next);
  if (await getSession()) redirect(target);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">Welcome back. Sign in to manage your account.</p>
      {expired ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          That sign-in took too long or was already used. Enter your email and password again.
        </p>
      ) : null}
      {reset ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200"
        >
          Your password was reset. Sign in with your new password.
        </p>
      ) : null}
      {deleted ? (
        <p role="status" className="mb-4 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900">
          Your account was deleted.
        </p>
      ) : null}
      <SignInForm next={target} />
      <PasskeySignIn next={target} />
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        New to Latchkey?{" "}
        <Link href="/signup" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Create an account
        </Link>
      </p>
    </>
  );
}

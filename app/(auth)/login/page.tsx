import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  const target = safeRedirectPath(next);
  if (await getSession()) redirect(target);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">Welcome back. Sign in to manage your account.</p>
      <SignInForm next={target} />
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        New to Latchkey?{" "}
        <Link href="/signup" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Create an account
        </Link>
      </p>
    </>
  );
}

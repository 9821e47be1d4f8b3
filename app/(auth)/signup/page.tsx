import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { DEFAULT_AFTER_SIGN_IN } from "@/lib/http/safe-redirect";
import { SignUpForm } from "./_components/sign-up-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage() {
  if (await getSession()) redirect(DEFAULT_AFTER_SIGN_IN);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Create your account</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">One account for your profile, security and organizations.</p>
      <SignUpForm policy={getConfig().PASSWORD_POLICY} />
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Sign in
        </Link>
      </p>
    </>
  );
}

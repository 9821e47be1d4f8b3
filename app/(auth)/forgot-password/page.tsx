import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./_components/forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Reset your password</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">Enter the email address of your account and we&apos;ll send you a link.</p>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm">
        <Link href="/login" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Back to sign in
        </Link>
      </p>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { DEFAULT_AFTER_SIGN_IN } from "@/lib/http/safe-redirect";
import { getInvitationByToken, INVITATION_UNUSABLE_MESSAGES } from "@/lib/organizations/invitations";
import { SignUpForm } from "./_components/sign-up-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getSession()) redirect(DEFAULT_AFTER_SIGN_IN);
  // From an invitation link: the address is the invitation's, shown fixed.
  const { invitation: token } = await searchParams;
  const invitation = typeof token === "string" ? await getInvitationByToken(token) : null;
  const invited = invitation?.state === "pending" && typeof token === "string" ? { token, email: invitation.email, orgName: invitation.orgName } : undefined;
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Create your account</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">One account for your profile, security and organizations.</p>
      {invitation && invitation.state !== "pending" ? (
        <p
          role="alert"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {INVITATION_UNUSABLE_MESSAGES[invitation.state]} You can still create an account.
        </p>
      ) : null}
      <SignUpForm policy={getConfig().PASSWORD_POLICY} invitation={invited} />
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          Sign in
        </Link>
      </p>
    </>
  );
}

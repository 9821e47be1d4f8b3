import type { Metadata } from "next";
import Link from "next/link";
import { ResendVerificationEmailForm } from "@/components/settings/resend-verification-email-form";
import { buttonClassName } from "@/components/ui/button";
import { getSession } from "@/lib/auth/session";
import { getInvitationByToken, INVITATION_UNUSABLE_MESSAGES } from "@/lib/organizations/invitations";
import { signOutAction } from "../../../(settings)/settings/actions";
import { TokenActionForm } from "../../_components/token-action-form";
import { acceptInvitationAction } from "./actions";
import { SignOutForm } from "./_components/sign-out-form";

// The token is in the path: keep it out of Referer headers sent to anything this page links to.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const MUTED = "text-sm text-zinc-600 dark:text-zinc-400";
const LINK = "font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await getInvitationByToken(token);
  if (invitation.state !== "pending") {
    // Nothing about the organization: the holder of a dead or made-up link learns only that it doesn't work.
    return (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">This invitation can&apos;t be used</h1>
        <p role="alert" className="mt-3 text-sm">
          {INVITATION_UNUSABLE_MESSAGES[invitation.state]}
        </p>
        <p className="mt-6 text-sm">
          <Link href="/settings/memberships" className={LINK}>
            Go to your organizations
          </Link>
        </p>
      </>
    );
  }

  const session = await getSession();
  const summary = (
    <p className={`mt-1 mb-6 ${MUTED}`}>
      {invitation.inviterName ? `${invitation.inviterName} invited ` : "You are invited: "}
      <strong className="font-medium text-zinc-900 dark:text-zinc-100">{invitation.email}</strong> to join{" "}
      <strong className="font-medium text-zinc-900 dark:text-zinc-100">{invitation.orgName}</strong> as{" "}
      <strong className="font-medium text-zinc-900 dark:text-zinc-100">{invitation.roleName}</strong>.
    </p>
  );
  const title = <h1 className="text-2xl font-semibold tracking-tight">Join {invitation.orgName}</h1>;

  if (!session) {
    const path = `/invitations/${token}`;
    return (
      <>
        {title}
        {summary}
        <div className="flex flex-col gap-3 sm:flex-row">
          <Link href={`/login?next=${encodeURIComponent(path)}`} className={buttonClassName("primary")}>
            Sign in to join
          </Link>
          <Link href={`/signup?invitation=${encodeURIComponent(token)}`} className={buttonClassName("secondary")}>
            Create an account
          </Link>
        </div>
        <p className={`mt-4 ${MUTED}`}>Sign in with {invitation.email}, or create an account for it.</p>
      </>
    );
  }

  if (session.user.email !== invitation.email) {
    return (
      <>
        {title}
        {summary}
        <p
          role="alert"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          You&apos;re signed in as {session.user.email}, but this invitation is for {invitation.email}. Sign out, then open the link again and sign in with that address.
        </p>
        <SignOutForm signOut={signOutAction} />
      </>
    );
  }

  if (!session.user.emailVerified) {
    return (
      <>
        {title}
        {summary}
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          <p>Verify your email address first: open the link we sent to {invitation.email}, then come back to this invitation.</p>
          <ResendVerificationEmailForm className="mt-2" />
        </div>
      </>
    );
  }

  return (
    <>
      {title}
      {summary}
      <TokenActionForm token={token} action={acceptInvitationAction} label="Join organization" pendingLabel="Joining…" />
    </>
  );
}

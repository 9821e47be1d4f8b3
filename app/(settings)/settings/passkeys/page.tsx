import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { VerifyEmailRequired } from "@/components/settings/verify-email-required";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireUser } from "@/lib/auth/session";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";
import { listPasskeys } from "@/lib/webauthn/passkeys";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/webauthn/schemas";
import { AddPasskeyForm } from "./_components/add-passkey-form";
import { PasskeyActions } from "./_components/passkey-actions";

export const metadata: Metadata = { title: "Passkeys" };

export default async function PasskeysPage() {
  const session = await requireUser();
  const passkeys = await listPasskeys(session.user.id);
  const stepUpMethod = stepUpMethodFor(session.user);
  return (
    <>
      <SettingsPageHeader title="Passkeys" description="Sign in with your fingerprint, face or device PIN instead of a password. A passkey counts as two factors on its own." />
      {session.user.emailVerified ? (
        <AddPasskeyForm stepUpMethod={stepUpMethod} maxLength={PASSKEY_NAME_MAX_LENGTH} />
      ) : (
        <VerifyEmailRequired email={session.user.email} adding="a passkey" />
      )}
      {passkeys.length === 0 ? (
        <p className="mt-8 text-sm text-zinc-600 dark:text-zinc-400">You have no passkeys yet.</p>
      ) : (
        <ul className="mt-8 max-w-3xl divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0 text-sm">
                <p className="font-medium break-words">
                  {passkey.name}
                  <span className="ml-2 rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                    {passkey.backedUp ? "Synced" : "This device only"}
                  </span>
                </p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  Added <RelativeTime date={passkey.createdAt} /> · Last used {passkey.lastUsedAt ? <RelativeTime date={passkey.lastUsedAt} /> : "Never"}
                </p>
              </div>
              <PasskeyActions passkeyId={passkey.id} name={passkey.name} stepUpMethod={stepUpMethod} maxLength={PASSKEY_NAME_MAX_LENGTH} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

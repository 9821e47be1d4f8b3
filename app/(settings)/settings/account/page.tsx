import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { getDeletionImpact } from "@/lib/account/delete-account";
import { requireUser } from "@/lib/auth/session";
import { RevokeAllSessionsButton } from "./_components/revoke-all-sessions-button";
import { DeleteAccountSection } from "./_components/delete-account-section";
import { DownloadDataButton } from "./_components/download-data-button";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await requireUser();
  const impact = await getDeletionImpact(session.user.id);
  const stepUpMethod = stepUpMethodFor(session.user);
  return (
    <>
      <SettingsPageHeader title="Account" description="Your data, and actions that can't be undone." />
      <div className="max-w-3xl space-y-6">
        <section aria-labelledby="export-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="export-heading" className="font-semibold">
            Download your data
          </h2>
          <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            A JSON file of everything Latchkey holds about you: profile, organizations, sessions and security log. You&apos;ll be asked to confirm it&apos;s you first.
          </p>
          <DownloadDataButton stepUpMethod={stepUpMethod} />
        </section>
        <section aria-labelledby="danger-heading" className="rounded-lg border border-red-300 p-4 dark:border-red-900">
          <h2 id="danger-heading" className="font-semibold text-red-800 dark:text-red-300">
            Danger zone
          </h2>
          <div className="mt-4 space-y-6">
            <div>
              <h3 className="font-medium">Revoke all sessions</h3>
              <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">Sign out every device, this one included.</p>
              <RevokeAllSessionsButton stepUpMethod={stepUpMethod} />
            </div>
            <DeleteAccountSection email={session.user.email} impact={impact} stepUpMethod={stepUpMethod} />
          </div>
        </section>
      </div>
    </>
  );
}

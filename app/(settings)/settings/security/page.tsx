import type { Metadata } from "next";
import { SecurityCheckupCard } from "@/components/settings/security-checkup-card";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { VerifyEmailRequired } from "@/components/settings/verify-email-required";
import { getSecurityCheckup } from "@/lib/account/security-checkup";
import { requireUser } from "@/lib/auth/session";
import { stepUpExpiresAt } from "@/lib/auth/step-up";
import { getConfig } from "@/lib/config/env";
import { RECOVERY_CODE_COUNT, RECOVERY_CODES_LOW, countUnusedRecoveryCodes } from "@/lib/totp/recovery-codes";
import { PasswordForm } from "./_components/password-form";
import { RemovePasswordButton } from "./_components/remove-password-button";
import { TwoFactorSection } from "./_components/two-factor-section";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { secure } = await searchParams;
  const session = await requireUser();
  const { user } = session;
  const { totpEnabledAt } = user;
  const remainingCodes = user.totpEnabled ? await countUnusedRecoveryCodes(user.id) : 0;
  const stepUpMethod = stepUpMethodFor(user);
  const checkup = await getSecurityCheckup(session);
  return (
    <>
      <SettingsPageHeader title="Security" description="Your password and two-factor authentication." />
      {secure ? (
        <p
          role="status"
          className="mb-6 max-w-3xl rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          Every other session was signed out. Now change your password and make sure two-factor authentication is on.
        </p>
      ) : null}
      <SecurityCheckupCard score={checkup.score} items={checkup.items} />
      <section aria-labelledby="password-heading" className="mb-10">
        <h2 id="password-heading" className="mb-1 text-lg font-semibold">
          Password
        </h2>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          {user.hasPassword ? "Change the password you sign in with." : "Your account has no password. Set one to sign in with your email and password."}
        </p>
        <PasswordForm policy={getConfig().PASSWORD_POLICY} hasPassword={user.hasPassword} hasSecondFactor={user.totpEnabled} stepUpMethod={stepUpMethod} />
        {user.hasPassword && user.hasPasskey ? <RemovePasswordButton stepUpMethod={stepUpMethod} /> : null}
      </section>
      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading" className="mb-1 text-lg font-semibold">
          Two-factor authentication
        </h2>
        {totpEnabledAt || user.emailVerified ? (
          <TwoFactorSection
            enabledAt={totpEnabledAt?.toISOString() ?? null}
            remainingCodes={remainingCodes}
            totalCodes={RECOVERY_CODE_COUNT}
            lowCodes={RECOVERY_CODES_LOW}
            stepUpMethod={stepUpMethod}
            elevated={stepUpExpiresAt(session) !== null}
          />
        ) : (
          <VerifyEmailRequired email={user.email} adding="an authenticator app" />
        )}
      </section>
    </>
  );
}

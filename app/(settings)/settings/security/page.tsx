import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireUser } from "@/lib/auth/session";
import { stepUpExpiresAt } from "@/lib/auth/step-up";
import { getConfig } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { RECOVERY_CODE_COUNT, RECOVERY_CODES_LOW, countUnusedRecoveryCodes } from "@/lib/totp/recovery-codes";
import { PasswordForm } from "./_components/password-form";
import { TwoFactorSection } from "./_components/two-factor-section";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const session = await requireUser();
  const { user } = session;
  const { totpEnabledAt } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } });
  const remainingCodes = user.totpEnabled ? await countUnusedRecoveryCodes(user.id) : 0;
  const stepUpMethod = user.totpEnabled ? "totp" : "password";
  return (
    <>
      <SettingsPageHeader title="Security" description="Your password and two-factor authentication." />
      <section aria-labelledby="password-heading" className="mb-10">
        <h2 id="password-heading" className="mb-1 text-lg font-semibold">
          Password
        </h2>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          {user.hasPassword ? "Change the password you sign in with." : "Your account has no password. Set one to sign in with your email and password."}
        </p>
        <PasswordForm policy={getConfig().PASSWORD_POLICY} hasPassword={user.hasPassword} hasSecondFactor={user.totpEnabled} stepUpMethod={stepUpMethod} />
      </section>
      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading" className="mb-1 text-lg font-semibold">
          Two-factor authentication
        </h2>
        <TwoFactorSection
          enabledAt={totpEnabledAt?.toISOString() ?? null}
          remainingCodes={remainingCodes}
          totalCodes={RECOVERY_CODE_COUNT}
          lowCodes={RECOVERY_CODES_LOW}
          stepUpMethod={stepUpMethod}
          elevated={stepUpExpiresAt(session) !== null}
        />
      </section>
    </>
  );
}

import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireUser } from "@/lib/auth/session";
import { getProfile } from "@/lib/profile/update-profile";
import { ChangeEmailForm } from "./_components/change-email-form";
import { ProfileForm } from "./_components/profile-form";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const { user } = await requireUser();
  const profile = await getProfile(user.id);
  const stepUpMethod = stepUpMethodFor(user);
  return (
    <>
      <SettingsPageHeader title="Profile" description="How you appear to others in your organizations." />
      <ProfileForm profile={profile} />
      <section aria-labelledby="email-heading" className="mt-10 max-w-xl">
        <h2 id="email-heading" className="mb-1 text-lg font-semibold">
          Email address
        </h2>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          You sign in with {profile.email}
          {profile.emailVerifiedAt ? " (verified)." : " (not verified yet)."}
        </p>
        <ChangeEmailForm stepUpMethod={stepUpMethod} />
      </section>
    </>
  );
}

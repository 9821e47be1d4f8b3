import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireUser } from "@/lib/auth/session";
import { getProfile } from "@/lib/profile/update-profile";
import { ProfileForm } from "./_components/profile-form";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const { user } = await requireUser();
  const profile = await getProfile(user.id);
  return (
    <>
      <SettingsPageHeader title="Profile" description="How you appear to others in your organizations." />
      <ProfileForm profile={profile} />
    </>
  );
}

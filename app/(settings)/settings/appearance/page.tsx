import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireUser } from "@/lib/auth/session";
import type { Theme } from "@/lib/profile/schemas";
import { ThemeForm } from "./_components/theme-form";

export const metadata: Metadata = { title: "Appearance" };

export default async function AppearancePage() {
  const { user } = await requireUser();
  return (
    <>
      <SettingsPageHeader title="Appearance" description="Choose how Latchkey looks to you. Saved to your account, on every device." />
      <ThemeForm theme={user.theme as Theme} />
    </>
  );
}

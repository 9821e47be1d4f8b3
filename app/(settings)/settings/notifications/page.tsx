import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireUser } from "@/lib/auth/session";
import { getNotificationMatrix } from "@/lib/notifications/preferences";
import { NotificationMatrixForm } from "./_components/notification-matrix-form";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const { user } = await requireUser();
  const matrix = await getNotificationMatrix(user.id);
  return (
    <>
      <SettingsPageHeader title="Notifications" description="Choose what you hear about, and where: by email, as a browser push, or at your webhook." />
      <NotificationMatrixForm matrix={matrix} />
    </>
  );
}

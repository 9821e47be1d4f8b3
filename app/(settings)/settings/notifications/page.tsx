import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireUser } from "@/lib/auth/session";
import { getVapidKeys } from "@/lib/config/env";
import { getNotificationMatrix } from "@/lib/notifications/preferences";
import { listPushDevices } from "@/lib/push/subscriptions";
import { BrowserPushSection } from "./_components/browser-push-section";
import { NotificationMatrixForm } from "./_components/notification-matrix-form";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const { user } = await requireUser();
  const [matrix, pushDevices] = await Promise.all([getNotificationMatrix(user.id), listPushDevices(user.id)]);
  return (
    <>
      <SettingsPageHeader title="Notifications" description="Choose what you hear about, and where: by email, as a browser push, or at your webhook." />
      <NotificationMatrixForm matrix={matrix} />
      <BrowserPushSection devices={pushDevices} vapidPublicKey={getVapidKeys().publicKey} />
    </>
  );
}

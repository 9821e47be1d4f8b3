import "server-only";
import { db } from "@/lib/db/client";
import type { NotificationCategory } from "./categories";

/** How many notifications the header's bell lists. */
export const BELL_NOTIFICATION_COUNT = 8;

export type NewNotification = { userId: string; category: NotificationCategory; title: string; body: string; url?: string | null };

/** Records a notification for the person's bell; delivery on other channels is the router's (issue 11). */
export async function createNotification({ userId, category, title, body, url = null }: NewNotification) {
  return db.notification.create({ data: { userId, category, title, body, url }, select: { id: true } });
}

/**
 * Where a notification may lead from Latchkey's page: a path of Latchkey's own, or an https URL.
 * Anything else (javascript:, data:, a protocol-relative //host) is shown without a link.
 */
export function safeNotificationHref(url: string | null): string | null {
  if (!url) return null;
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return url;
  return /^https:\/\/[^\s]+$/i.test(url) ? url : null;
}

/** The newest notifications of one person and how many of all theirs are unread: one query, on every settings page. */
export async function getBellNotifications(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      notifications: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: BELL_NOTIFICATION_COUNT,
        select: { id: true, title: true, body: true, url: true, readAt: true, createdAt: true },
      },
      _count: { select: { notifications: { where: { readAt: null } } } },
    },
  });
  return { latest: user?.notifications ?? [], unreadCount: user?._count.notifications ?? 0 };
}

/** Marks every unread notification of this person read; returns how many changed. */
export async function markAllNotificationsRead(userId: string, now = new Date()): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
  return count;
}

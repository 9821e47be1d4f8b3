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

export type BellNotifications = { latest: { id: string; title: string; body: string; url: string | null; readAt: Date | null; createdAt: Date }[]; unreadCount: number };

/**
 * The bell of every settings page: the person's latest notifications and how many are unread,
 * in one plain SELECT (decision 0031). The count rides on each row; with no row there is no
 * notification at all, so none unread.
 */
export async function bellFor(userId: string): Promise<BellNotifications> {
  const rows = await db.$queryRaw<(BellNotifications["latest"][number] & { unreadCount: number | bigint })[]>`
    SELECT "id", "title", "body", "url", "readAt", "createdAt",
      (SELECT COUNT(*) FROM "Notification" unread WHERE unread."userId" = ${userId} AND unread."readAt" IS NULL) AS "unreadCount"
    FROM "Notification"
    WHERE "userId" = ${userId}
    ORDER BY "createdAt" DESC, "id" DESC
    LIMIT ${BELL_NOTIFICATION_COUNT}`;
  return { latest: rows.map(({ unreadCount: _, ...notification }) => notification), unreadCount: Number(rows[0]?.unreadCount ?? 0) };
}

/** Marks every unread notification of this person read; returns how many changed. */
export async function markAllNotificationsRead(userId: string, now = new Date()): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
  return count;
}

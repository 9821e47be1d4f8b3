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

/** A mutable array: Prisma's types refuse the readonly one `as const` would make. */
const NEWEST_FIRST: ({ createdAt: "desc" } | { id: "desc" })[] = [{ createdAt: "desc" }, { id: "desc" }];

/** The newest notifications of one person and how many of all theirs are unread, as a selection on their User row (lib/account/settings-frame.ts reads it with the rest of the frame). */
export const BELL_SELECT = {
  notifications: {
    orderBy: NEWEST_FIRST,
    take: BELL_NOTIFICATION_COUNT,
    select: { id: true, title: true, body: true, url: true, readAt: true, createdAt: true },
  },
  _count: { select: { notifications: { where: { readAt: null } } } },
} as const;

export type BellNotifications = { latest: { id: string; title: string; body: string; url: string | null; readAt: Date | null; createdAt: Date }[]; unreadCount: number };

export function bellOf(user: { notifications: BellNotifications["latest"]; _count: { notifications: number } } | null): BellNotifications {
  return { latest: user?.notifications ?? [], unreadCount: user?._count.notifications ?? 0 };
}

/** Marks every unread notification of this person read; returns how many changed. */
export async function markAllNotificationsRead(userId: string, now = new Date()): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
  return count;
}

import "server-only";
import { db } from "@/lib/db/client";
import { isLockedCell, cellOf, type NotificationCategory } from "./categories";
import { getDeliveryChannels } from "./preferences";
import { unsubscribeUrl } from "./unsubscribe-link";

/**
 * Whether a mail of `category` to `address` goes out, and the headers it carries: for every
 * category but security alerts, RFC 8058's one-click unsubscribe for the person the address
 * belongs to. Null when that person turned the category's email off. An address without an
 * account (an invitation to someone new) has no preferences to honour or to change, so its
 * mail goes out without the headers.
 */
export async function emailHeadersFor(address: string, category: NotificationCategory): Promise<Record<string, string> | null> {
  if (isLockedCell(cellOf(category, "email"))) return {};
  const user = await db.user.findUnique({ where: { email: address }, select: { id: true } });
  if (!user) return {};
  if (!(await getDeliveryChannels(user.id, category)).includes("email")) return null;
  return {
    "List-Unsubscribe": `<${unsubscribeUrl(user.id, category)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@/lib/crypto/derived-key";
import { db } from "@/lib/db/client";
import { appLink } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import { CATEGORY_IDS, isLockedCell, cellOf, type NotificationCategory } from "./categories";
import { turnOffEmail } from "./preferences";

// One-click unsubscribe (RFC 8058). The link carries who and which category, signed with a key
// used for nothing else, so it works without signing in and can do exactly one thing: turn that
// category's email off for that person. It does not expire: mail is read late, and an
// unsubscribe link that stops working is worse than one that keeps working.
// docs/decisions/0021-one-click-unsubscribe.md

function signature(userId: string, category: string): Buffer {
  return createHmac("sha256", deriveKey("latchkey unsubscribe link")).update(`unsubscribe:v1:${userId}:${category}`).digest();
}

/** "<userId>.<category>.<signature>": readable, so the page can say which category it stops. */
export function createUnsubscribeToken(userId: string, category: NotificationCategory): string {
  if (isLockedCell(cellOf(category, "email"))) throw new Error(`No unsubscribe link for ${category} email`);
  return `${userId}.${category}.${signature(userId, category).toString("base64url")}`;
}

export function unsubscribeUrl(userId: string, category: NotificationCategory): string {
  return appLink(`/unsubscribe/${createUnsubscribeToken(userId, category)}`);
}

export const INVALID_UNSUBSCRIBE_LINK = "This unsubscribe link is not valid: it may have been cut or changed. Nothing was changed. Sign in to choose your notifications.";

export type UnsubscribeTarget = { userId: string; category: Exclude<NotificationCategory, "security"> };

/** The person and category a token names, or null when it was not made by this Latchkey (forged, altered, cut). */
export function readUnsubscribeToken(token: string): UnsubscribeTarget | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [userId, category, presented] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(userId) || !(CATEGORY_IDS as string[]).includes(category)) return null;
  if (isLockedCell(cellOf(category as NotificationCategory, "email"))) return null;
  const expected = signature(userId, category);
  const given = Buffer.from(presented, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, category: category as UnsubscribeTarget["category"] };
}

/** Turns the token's category email off. Throws INVALID_INPUT for a token this Latchkey did not make, or whose person is gone. */
export async function unsubscribeWithToken(token: string): Promise<UnsubscribeTarget> {
  const target = readUnsubscribeToken(token);
  if (!target) throw new AppError("INVALID_INPUT", INVALID_UNSUBSCRIBE_LINK);
  const user = await db.user.findUnique({ where: { id: target.userId }, select: { id: true } });
  if (!user) throw new AppError("INVALID_INPUT", INVALID_UNSUBSCRIBE_LINK);
  await turnOffEmail(target.userId, target.category);
  return target;
}

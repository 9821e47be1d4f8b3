import "server-only";
import { getConfig } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
export const OUTBOX_PAGE_SIZE = 20;

/** The outbox exists only without SMTP, and only for someone on this very machine. */
export function canReadOutbox(context: RequestContext): boolean {
  return !getConfig().SMTP_URL && context.ipAddress !== null && LOOPBACK.has(context.ipAddress);
}

/** Newest first, by cursor (the id of the last message of the previous page). */
export async function listOutboxMessages(cursor?: string) {
  const messages = await db.outboxMessage.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: OUTBOX_PAGE_SIZE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, recipient: true, subject: true, textBody: true, createdAt: true },
  });
  return { messages: messages.slice(0, OUTBOX_PAGE_SIZE), nextCursor: messages.length > OUTBOX_PAGE_SIZE ? messages[OUTBOX_PAGE_SIZE - 1]!.id : null };
}

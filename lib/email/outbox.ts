import "server-only";
import { getConfig } from "@/lib/config/env";
import { hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db/client";
import { isLoopbackAddress } from "@/lib/http/incoming-request.mjs";
import type { RequestContext } from "@/lib/http/request-context";

export const OUTBOX_PAGE_SIZE = 20;
/** Shown instead of a link whose token can no longer be used. */
export const REDACTED_LINK = "[link used or expired]";
/** The emailed links that carry a token (lib/email/templates.ts). */
const TOKEN_LINK = /https?:\/\/[^\s"'<>]+\/(?:reset-password|verify-email|confirm-email)\/([A-Za-z0-9_-]+)/g;

/**
 * The outbox is a development feature (lib/config/env.ts), and even then only for someone on
 * this very machine: Latchkey listens on every interface unless HOST says otherwise, and the
 * Host header is the client's to choose, so a neighbour on the network could otherwise ask
 * for the page under the right name.
 */
export function canReadOutbox(context: RequestContext): boolean {
  return getConfig().mailOutbox && isLoopbackAddress(context.ipAddress);
}

/** Newest first, by cursor (the id of the last message of the previous page); dead links redacted. */
export async function listOutboxMessages(cursor?: string, now = new Date()) {
  const rows = await db.outboxMessage.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: OUTBOX_PAGE_SIZE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, recipient: true, subject: true, textBody: true, headers: true, createdAt: true },
  });
  const messages = rows.slice(0, OUTBOX_PAGE_SIZE);
  const live = await liveTokensIn(
    messages.map((message) => message.textBody),
    now,
  );
  return {
    messages: messages.map((message) => ({
      ...message,
      headers: Object.entries(JSON.parse(message.headers) as Record<string, string>),
      textBody: message.textBody.replace(TOKEN_LINK, (link, token: string) => (live.has(token) ? link : REDACTED_LINK)),
    })),
    nextCursor: rows.length > OUTBOX_PAGE_SIZE ? messages[OUTBOX_PAGE_SIZE - 1]!.id : null,
  };
}

/** The tokens among these bodies' links that can still be used (unused, unexpired, not revoked). */
async function liveTokensIn(bodies: string[], now: Date): Promise<Set<string>> {
  const tokens = [...new Set(bodies.flatMap((body) => [...body.matchAll(TOKEN_LINK)].map((match) => match[1]!)))];
  if (tokens.length === 0) return new Set();
  const rows = await db.emailToken.findMany({
    where: { tokenHash: { in: tokens.map(hashToken) }, usedAt: null, expiresAt: { gt: now } },
    select: { tokenHash: true },
  });
  const liveHashes = new Set(rows.map((row) => row.tokenHash));
  return new Set(tokens.filter((token) => liveHashes.has(hashToken(token))));
}

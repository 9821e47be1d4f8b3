import "server-only";
import { SESSION_IDLE_TIMEOUT_MS, endUserSessions, type ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { describeDevice, type DeviceDescription } from "./describe-device";

export type SessionListItem = {
  id: string;
  current: boolean;
  device: DeviceDescription;
  ipAddress: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  signInMethod: string;
};

/** Every live session of the person, this device first, then the most recently active. */
export async function listSessions(session: ActiveSession): Promise<SessionListItem[]> {
  const now = Date.now();
  const rows = await db.session.findMany({
    // Idle past the timeout is as dead as expired (findActiveSession refuses both).
    where: { userId: session.user.id, expiresAt: { gt: new Date(now) }, lastActiveAt: { gte: new Date(now - SESSION_IDLE_TIMEOUT_MS) } },
    orderBy: [{ lastActiveAt: "desc" }, { id: "desc" }],
    select: { id: true, userAgent: true, ipAddress: true, createdAt: true, lastActiveAt: true, signInMethod: true },
    take: 200,
  });
  return rows
    .map(({ userAgent, ...row }) => ({ ...row, current: row.id === session.sessionId, device: describeDevice(userAgent) }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Signs out one other session of the person: it ends on its next request, on any instance.
 * Another person's session id answers NOT_FOUND, like one that doesn't exist.
 */
export async function revokeSession(session: ActiveSession, sessionId: string, context: RequestContext): Promise<void> {
  requireStepUp(session);
  if (sessionId === session.sessionId) throw new AppError("INVALID_INPUT", "To end this session, sign out.");
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: sessionId, userId: session.user.id } });
    if (count !== 1) throw new AppError("NOT_FOUND", "That session has already ended.");
    await recordAuditEvent(tx, { action: "session.revoked", userId: session.user.id, context, metadata: { scope: "one", sessionId } });
  });
}

/** Signs out every other session ("others"), or every session including this one ("all"). */
export async function revokeSessions(session: ActiveSession, scope: "others" | "all", context: RequestContext): Promise<number> {
  requireStepUp(session);
  return db.$transaction(async (tx) => {
    const ended = await endUserSessions(tx, session.user.id, scope === "others" ? session.sessionId : undefined);
    await recordAuditEvent(tx, { action: "session.revoked", userId: session.user.id, context, metadata: { scope, count: ended } });
    return ended;
  });
}

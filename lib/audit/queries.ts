import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { describeDevice } from "@/lib/sessions/describe-device";
import { csvRecords } from "./csv";
import { EVENT_GROUPS, describeAction, type EventGroup } from "./describe-event";
import { LOG_PAGE_SIZE, NEWEST_FIRST, createdAtWhere, logFilterFields, olderThanCursor, toPage } from "./log-query";

export const SECURITY_LOG_PAGE_SIZE = LOG_PAGE_SIZE;

/** The filters of the security log, from the URL; anything malformed is dropped, never a 500. */
export const securityLogFilterSchema = z.object({
  type: z
    .enum(Object.keys(EVENT_GROUPS) as [EventGroup, ...EventGroup[]])
    .optional()
    .catch(undefined),
  ...logFilterFields,
});
export type SecurityLogFilter = z.infer<typeof securityLogFilterSchema>;

function whereFor(userId: string, filter: SecurityLogFilter) {
  return {
    userId,
    ...(filter.type ? { action: { in: [...EVENT_GROUPS[filter.type].actions] } } : {}),
    ...createdAtWhere(filter),
  };
}

export type SecurityLogEntry = {
  id: string;
  action: string;
  label: string;
  createdAt: Date;
  ipAddress: string | null;
  device: string;
  /** Set on sign-in entries: the session it opened. */
  sessionId: string | null;
};

function toEntry(row: { id: string; action: string; createdAt: Date; ipAddress: string | null; userAgent: string | null; metadata: string }): SecurityLogEntry {
  let sessionId: string | null = null;
  try {
    const metadata = JSON.parse(row.metadata) as { sessionId?: unknown };
    if (typeof metadata.sessionId === "string") sessionId = metadata.sessionId;
  } catch {
    // Metadata that is not JSON names no session; the entry shows without it.
  }
  return {
    id: row.id,
    action: row.action,
    label: describeAction(row.action),
    createdAt: row.createdAt,
    ipAddress: row.ipAddress,
    device: describeDevice(row.userAgent).summary,
    sessionId,
  };
}

const SELECT = { id: true, action: true, createdAt: true, ipAddress: true, userAgent: true, metadata: true } as const;

/** One page of the person's security events, newest first. */
export async function listSecurityEvents(userId: string, filter: SecurityLogFilter, pageSize = SECURITY_LOG_PAGE_SIZE) {
  const rows = await db.auditEvent.findMany({ where: olderThanCursor(whereFor(userId, filter), filter.cursor), orderBy: NEWEST_FIRST, take: pageSize + 1, select: SELECT });
  const page = toPage(rows, pageSize);
  return { entries: page.rows.map(toEntry), nextCursor: page.nextCursor };
}

/** The filtered view as CSV, read page by page. */
export function securityLogCsv(userId: string, filter: SecurityLogFilter): AsyncGenerator<string> {
  return csvRecords(
    ["Time (UTC)", "Event", "Description", "IP address", "Device"],
    (cursor, pageSize) => listSecurityEvents(userId, { ...filter, cursor }, pageSize),
    (entry) => [entry.createdAt.toISOString(), entry.action, entry.label, entry.ipAddress ?? "", entry.device],
  );
}

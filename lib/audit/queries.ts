import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { describeDevice } from "@/lib/sessions/describe-device";
import { EVENT_GROUPS, describeAction, type EventGroup } from "./describe-event";

export const SECURITY_LOG_PAGE_SIZE = 25;

// Years 0001–9998 only: PostgreSQL has no year 0, and "to" adds a day, which past 9999-12-30
// makes a year Prisma cannot send (a 500 instead of a filter).
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(value)) && value >= "0001-01-01" && value <= "9998-12-31");

/** The filters of the security log, from the URL; anything malformed is dropped, never a 500. */
export const securityLogFilterSchema = z.object({
  type: z.enum(Object.keys(EVENT_GROUPS) as [EventGroup, ...EventGroup[]]).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type SecurityLogFilter = z.infer<typeof securityLogFilterSchema>;

// The cursor is the (createdAt, id) of the last row shown: keyset pagination on the
// (userId, createdAt, id) index, no OFFSET scan however deep the page.
function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(iso ?? "");
  // Only a cursor this code wrote: a canonical ISO time (years 0001–9999), else ignored.
  const canonical = !Number.isNaN(createdAt.getTime()) && createdAt.toISOString() === iso && createdAt.getUTCFullYear() >= 1 && createdAt.getUTCFullYear() <= 9999;
  return id && canonical ? { createdAt, id } : null;
}

function whereFor(userId: string, filter: SecurityLogFilter) {
  const createdAt: { gte?: Date; lt?: Date } = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00.000Z`);
  if (filter.to) createdAt.lt = new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 24 * 60 * 60 * 1000);
  return {
    userId,
    ...(filter.type ? { action: { in: [...EVENT_GROUPS[filter.type].actions] } } : {}),
    ...(filter.from || filter.to ? { createdAt } : {}),
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
  } catch {}
  return { id: row.id, action: row.action, label: describeAction(row.action), createdAt: row.createdAt, ipAddress: row.ipAddress, device: describeDevice(row.userAgent).summary, sessionId };
}

const SELECT = { id: true, action: true, createdAt: true, ipAddress: true, userAgent: true, metadata: true } as const;

/** One page of the person's security events, newest first. */
export async function listSecurityEvents(userId: string, filter: SecurityLogFilter, pageSize = SECURITY_LOG_PAGE_SIZE) {
  const after = filter.cursor ? decodeCursor(filter.cursor) : null;
  const where = whereFor(userId, filter);
  const rows = await db.auditEvent.findMany({
    where: after
      ? // (createdAt, id) < cursor, written so the index range starts at the cursor: the
        // plain OR form makes PostgreSQL scan every newer row first.
        { AND: [where, { createdAt: { lte: after.createdAt } }, { OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }] }] }
      : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: SELECT,
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { entries: page.map(toEntry), nextCursor: rows.length > pageSize && last ? encodeCursor(last.createdAt, last.id) : null };
}

const CSV_MAX_ROWS = 100_000;

function csvField(value: string): string {
  // Quote everything; a leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** The filtered view as CSV, read page by page. */
export async function* securityLogCsv(userId: string, filter: SecurityLogFilter): AsyncGenerator<string> {
  yield ["Time (UTC)", "Event", "Description", "IP address", "Device"].map(csvField).join(",") + "\r\n";
  let cursor: string | undefined;
  let written = 0;
  do {
    const { entries, nextCursor } = await listSecurityEvents(userId, { ...filter, cursor }, 500);
    for (const entry of entries) {
      yield [entry.createdAt.toISOString(), entry.action, entry.label, entry.ipAddress ?? "", entry.device].map(csvField).join(",") + "\r\n";
    }
    written += entries.length;
    cursor = nextCursor ?? undefined;
  } while (cursor && written < CSV_MAX_ROWS);
}

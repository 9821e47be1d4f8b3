import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { recordId } from "@/lib/validation/record-id";

// What the personal security log and the organization audit log share: the date filter from
// the URL, the keyset cursor, and the page cut. Each log adds its own scope and event groups.

export const LOG_PAGE_SIZE = 25;

// Years 0001–9998 only: PostgreSQL has no year 0, and "to" adds a day, which past 9999-12-30
// makes a year Prisma cannot send (a 500 instead of a filter).
export const logDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(value)) && value >= "0001-01-01" && value <= "9998-12-31");

/** The URL fields every log filter has; anything malformed is dropped, never a 500. */
export const logFilterFields = {
  from: logDaySchema.optional().catch(undefined),
  to: logDaySchema.optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** `createdAt` between the start of `from` and the end of `to` (UTC days, both included), or {} without dates. */
export function createdAtWhere(filter: { from?: string; to?: string }): { createdAt?: { gte?: Date; lt?: Date } } {
  if (!filter.from && !filter.to) return {};
  const createdAt: { gte?: Date; lt?: Date } = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00.000Z`);
  if (filter.to) createdAt.lt = new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + DAY_MS);
  return { createdAt };
}

// The cursor is the (createdAt, id) of the last row shown: keyset pagination on a
// (scope, createdAt, id) index, no OFFSET scan however deep the page.
export function encodeLogCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

const rowId = recordId("Not a row id.");

export function decodeLogCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(iso ?? "");
  // Only a cursor this code wrote: a canonical ISO time (years 0001–9999), else ignored.
  const canonical = !Number.isNaN(createdAt.getTime()) && createdAt.toISOString() === iso && createdAt.getUTCFullYear() >= 1 && createdAt.getUTCFullYear() <= 9999;
  // Ids are cuids; anything else (a NUL byte PostgreSQL refuses in text, say) is not ours.
  return id && rowId.safeParse(id).success && canonical ? { createdAt, id } : null;
}

/** `where`, narrowed to the rows older than the cursor's, newest first. */
export function olderThanCursor<W extends object>(where: W, cursor: string | undefined) {
  const after = cursor ? decodeLogCursor(cursor) : null;
  if (!after) return where;
  // (createdAt, id) < cursor, written so the index range starts at the cursor: the plain OR
  // form makes PostgreSQL scan every newer row first.
  return { AND: [where, { createdAt: { lte: after.createdAt } }, { OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }] }] };
}

/**
 * olderThanCursor for a plain SELECT (decision 0031), either way: the rows of `alias` past
 * the cursor in `order`, written the same way so the index range starts at it. TRUE without one.
 */
export function pastCursorSql(alias: "e" | "i" | "m", cursor: string | undefined, order: "asc" | "desc"): Prisma.Sql {
  const after = cursor ? decodeLogCursor(cursor) : null;
  if (!after) return Prisma.sql`TRUE`;
  const [createdAt, id] = [Prisma.raw(`${alias}."createdAt"`), Prisma.raw(`${alias}."id"`)];
  return order === "asc"
    ? Prisma.sql`${createdAt} >= ${after.createdAt} AND (${createdAt} > ${after.createdAt} OR ${id} > ${after.id})`
    : Prisma.sql`${createdAt} <= ${after.createdAt} AND (${createdAt} < ${after.createdAt} OR ${id} < ${after.id})`;
}

export const NEWEST_FIRST = [{ createdAt: "desc" }, { id: "desc" }] as const satisfies { createdAt?: "desc"; id?: "desc" }[];

/** Cuts the `pageSize + 1` rows read into a page and the cursor of the next one (null on the last page). */
export function toPage<R extends { createdAt: Date; id: string }>(rows: R[], pageSize: number): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > pageSize && last ? encodeLogCursor(last.createdAt, last.id) : null };
}

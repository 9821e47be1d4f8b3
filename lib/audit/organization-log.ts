import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { AppError } from "@/lib/errors";
import type { OrganizationMember } from "@/lib/organizations/member";
import { PERMISSIONS, can } from "@/lib/organizations/permissions";
import { emailSchema } from "@/lib/validation/fields";
import { csvRecords } from "./csv";
import { ORGANIZATION_EVENT_GROUPS, describeAction, type OrganizationEventGroup } from "./describe-event";
import { LOG_PAGE_SIZE, createdAtWhere, logFilterFields, pastCursorSql, toPage } from "./log-query";

// The organization's audit log (/settings/organization/audit-log): every event recorded with
// the organization's id, for members whose role carries audit_log.view.

/** Members listed in the actor filter's select; past it the filter is an email field. */
export const ACTOR_SELECT_MAX = 200;

/** The filters of the audit log, from the URL; anything malformed is dropped, never a 500. */
export const organizationLogFilterSchema = z.object({
  type: z
    .enum(Object.keys(ORGANIZATION_EVENT_GROUPS) as [OrganizationEventGroup, ...OrganizationEventGroup[]])
    .optional()
    .catch(undefined),
  /** The email address of whoever acted: a well-formed address or nothing, so no control character reaches the query. */
  actor: emailSchema.optional().catch(undefined),
  ...logFilterFields,
});
export type OrganizationLogFilter = z.infer<typeof organizationLogFilterSchema>;

export type OrganizationLogEntry = {
  id: string;
  action: string;
  label: string;
  createdAt: Date;
  ipAddress: string | null;
  /** Null once the person's account is deleted. */
  actor: { name: string; email: string } | null;
  /** Whom or what the event was about: a person, a role, a company. */
  target: string;
  /** What changed, in a few words. */
  details: string;
  /** The API key the change was made with (through /api/v1), else null. The description is null once the key row is gone. */
  apiKey: { id: string; description: string | null } | null;
};

type Metadata = Record<string, unknown>;

function text(metadata: Metadata, key: string): string | null {
  const value = metadata[key];
  return typeof value === "string" && value.length > 0 ? value : null;
}

function permissionLabel(id: string): string {
  return PERMISSIONS.find((permission) => permission.id === id)?.label ?? id;
}

/** Whom or what the event was about, from the details the writer put in its metadata. */
export function describeTarget(action: string, metadata: Metadata): string {
  const name = text(metadata, "targetName");
  const email = text(metadata, "targetEmail") ?? text(metadata, "previousOwnerEmail");
  if (name && email) return `${name} (${email})`;
  if (name || email) return (name ?? email)!;
  if (action.startsWith("role.")) return text(metadata, "roleName") ?? "";
  if (action.startsWith("company.")) return text(metadata, "companyName") ?? "";
  if (action.startsWith("api_key.")) return text(metadata, "description") ?? "";
  if (action.startsWith("organization.")) return text(metadata, "name") ?? "";
  return "";
}

/** What changed, in a few words. */
export function describeDetails(action: string, metadata: Metadata): string {
  const parts: string[] = [];
  const roleName = text(metadata, "roleName");
  const previousRoleName = text(metadata, "previousRoleName");
  if (action.startsWith("role.")) {
    const permissions = text(metadata, "permissions");
    if (text(metadata, "previousName")) parts.push(`Renamed from ${text(metadata, "previousName")}`);
    if (action !== "role.deleted") parts.push(`Permissions: ${permissions ? permissions.split(" ").map(permissionLabel).join("; ") : "only the base ones"}`);
  } else if (roleName) {
    parts.push(previousRoleName ? `Role: ${previousRoleName} → ${roleName}` : `Role: ${roleName}`);
  }
  if (action.startsWith("company.") && text(metadata, "previousName")) parts.push(`Renamed from ${text(metadata, "previousName")}`);
  if (text(metadata, "companies")) parts.push(`Companies: ${text(metadata, "companies")}`);
  if (text(metadata, "changed")) parts.push(`Changed: ${text(metadata, "changed")}`);
  if (text(metadata, "permission")) parts.push(`Needed: ${permissionLabel(text(metadata, "permission")!)}`);
  if (metadata.declined === true) parts.push("Declined by the recipient");
  if (text(metadata, "keyId")) parts.push(`Key ID: ${text(metadata, "keyId")}`);
  if (text(metadata, "environment")) parts.push(`${text(metadata, "environment") === "live" ? "Live" : "Test"}, ${text(metadata, "access")?.replace("_", " and ")}`);
  if (text(metadata, "oldSecretWorksUntil")) parts.push(`Old secret works until ${text(metadata, "oldSecretWorksUntil")}`);
  if (text(metadata, "policy")) parts.push(metadata.policy === "show_once" ? "Secrets shown once" : "Secrets revealable after two-factor verification");
  if (typeof metadata.count === "number") parts.push(`${metadata.count} keys`);
  return parts.join(" · ");
}

type EventRow = {
  id: string;
  action: string;
  createdAt: Date;
  ipAddress: string | null;
  metadata: string;
  apiKeyId: string | null;
  /** Null once the key row is gone. */
  apiKeyDescription: string | null;
  /** Null once the person's account is deleted (and their email with it). */
  firstName: string | null;
  lastName: string | null;
  email: string | null;
};

function toEntry(row: EventRow): OrganizationLogEntry {
  let metadata: Metadata = {};
  try {
    const parsed: unknown = JSON.parse(row.metadata);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) metadata = parsed as Metadata;
  } catch {
    // Metadata that is not JSON: the entry shows without its details.
  }
  return {
    id: row.id,
    action: row.action,
    label: describeAction(row.action),
    createdAt: row.createdAt,
    ipAddress: row.ipAddress,
    actor: row.email === null ? null : { name: `${row.firstName ?? ""} ${row.lastName ?? ""}`.trim(), email: row.email },
    target: describeTarget(row.action, metadata),
    details: describeDetails(row.action, metadata),
    apiKey: row.apiKeyId ? { id: row.apiKeyId, description: row.apiKeyDescription } : null,
  };
}

function requireLogReader(viewer: OrganizationMember): void {
  if (!can(viewer, "audit_log.view")) throw new AppError("FORBIDDEN");
}

/** What the filter asks of an event, as SQL; the organization, the cursor and the order are added by the caller. */
function filterConditions(filter: OrganizationLogFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  // An address nobody uses matches nothing (the subquery is NULL). Filtering by someone outside
  // the organization shows nothing either: the query stays inside it.
  if (filter.actor) conditions.push(Prisma.sql`e."userId" = (SELECT "id" FROM "User" WHERE "email" = ${filter.actor})`);
  if (filter.type) conditions.push(Prisma.sql`e."action" IN (${Prisma.join([...ORGANIZATION_EVENT_GROUPS[filter.type].actions])})`);
  const { createdAt } = createdAtWhere(filter);
  if (createdAt?.gte) conditions.push(Prisma.sql`e."createdAt" >= ${createdAt.gte}`);
  if (createdAt?.lt) conditions.push(Prisma.sql`e."createdAt" < ${createdAt.lt}`);
  return conditions;
}

/**
 * One page of the organization's events, newest first, with who acted and the description of
 * the key they acted with: one plain SELECT (decision 0031). Throws FORBIDDEN without
 * audit_log.view.
 */
export async function listOrganizationEvents(
  viewer: OrganizationMember,
  filter: OrganizationLogFilter,
  pageSize = LOG_PAGE_SIZE,
): Promise<{ entries: OrganizationLogEntry[]; nextCursor: string | null }> {
  requireLogReader(viewer);
  const conditions = [Prisma.sql`e."orgId" = ${viewer.orgId}`, ...filterConditions(filter), pastCursorSql("e", filter.cursor, "desc")];
  const rows = await db.$queryRaw<EventRow[]>`
    SELECT e."id", e."action", e."createdAt", e."ipAddress", e."metadata", e."apiKeyId", k."description" AS "apiKeyDescription",
      u."firstName", u."lastName", u."email"
    FROM "AuditEvent" e
    LEFT JOIN "User" u ON u."id" = e."userId"
    LEFT JOIN "ApiKey" k ON k."id" = e."apiKeyId" AND k."orgId" = e."orgId"
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY e."createdAt" DESC, e."id" DESC
    LIMIT ${pageSize + 1}`;
  const page = toPage(rows, pageSize);
  return { entries: page.rows.map(toEntry), nextCursor: page.nextCursor };
}

export const ORGANIZATION_LOG_CSV_HEADER = ["Time (UTC)", "Event", "Description", "Actor", "Actor email", "Target", "Details", "IP address"] as const;

/** The filtered view as CSV, read page by page. Throws FORBIDDEN without audit_log.view. */
export function organizationLogCsv(viewer: OrganizationMember, filter: OrganizationLogFilter): AsyncGenerator<string> {
  requireLogReader(viewer);
  return csvRecords(
    ORGANIZATION_LOG_CSV_HEADER,
    (cursor, pageSize) => listOrganizationEvents(viewer, { ...filter, cursor }, pageSize),
    (entry) => [
      entry.createdAt.toISOString(),
      entry.action,
      entry.label,
      entry.actor?.name ?? "Deleted user",
      entry.actor?.email ?? "",
      entry.target,
      entry.details,
      entry.ipAddress ?? "",
    ],
  );
}

/** The members offered in the actor filter, by name; null when there are too many for a select. */
export async function listLogActors(viewer: OrganizationMember): Promise<{ name: string; email: string }[] | null> {
  requireLogReader(viewer);
  const people = await db.$queryRaw<{ firstName: string; lastName: string; email: string }[]>`
    SELECT u."firstName", u."lastName", u."email" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
    WHERE m."orgId" = ${viewer.orgId}
    ORDER BY u."firstName" ASC, u."lastName" ASC, m."id" ASC
    LIMIT ${ACTOR_SELECT_MAX + 1}`;
  if (people.length > ACTOR_SELECT_MAX) return null;
  return people.map((person) => ({ name: `${person.firstName} ${person.lastName}`.trim(), email: person.email }));
}

import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { OrganizationMember } from "@/lib/organizations/member";
import { PERMISSIONS, can } from "@/lib/organizations/permissions";
import { emailSchema } from "@/lib/validation/fields";
import { csvRecords } from "./csv";
import { ORGANIZATION_EVENT_GROUPS, describeAction, type OrganizationEventGroup } from "./describe-event";
import { LOG_PAGE_SIZE, NEWEST_FIRST, createdAtWhere, logFilterFields, olderThanCursor, toPage } from "./log-query";

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

const SELECT = {
  id: true,
  action: true,
  createdAt: true,
  ipAddress: true,
  metadata: true,
  apiKeyId: true,
  user: { select: { firstName: true, lastName: true, email: true } },
} as const;

function toEntry(
  row: {
    id: string;
    action: string;
    createdAt: Date;
    ipAddress: string | null;
    metadata: string;
    apiKeyId: string | null;
    user: { firstName: string; lastName: string; email: string } | null;
  },
  keyDescriptions: ReadonlyMap<string, string>,
): OrganizationLogEntry {
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
    actor: row.user ? { name: `${row.user.firstName} ${row.user.lastName}`.trim(), email: row.user.email } : null,
    target: describeTarget(row.action, metadata),
    details: describeDetails(row.action, metadata),
    apiKey: row.apiKeyId ? { id: row.apiKeyId, description: keyDescriptions.get(row.apiKeyId) ?? null } : null,
  };
}

/** The descriptions of the keys a page of events was made with, read once for the page (inside the organization). */
async function keyDescriptionsOf(orgId: string, rows: { apiKeyId: string | null }[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => row.apiKeyId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const keys = await db.apiKey.findMany({ where: { orgId, id: { in: ids } }, select: { id: true, description: true } });
  return new Map(keys.map((key) => [key.id, key.description]));
}

function requireLogReader(viewer: OrganizationMember): void {
  if (!can(viewer, "audit_log.view")) throw new AppError("FORBIDDEN");
}

/** One page of the organization's events, newest first. Throws FORBIDDEN without audit_log.view. */
export async function listOrganizationEvents(
  viewer: OrganizationMember,
  filter: OrganizationLogFilter,
  pageSize = LOG_PAGE_SIZE,
): Promise<{ entries: OrganizationLogEntry[]; nextCursor: string | null }> {
  requireLogReader(viewer);
  let userId: string | undefined;
  if (filter.actor) {
    // An address nobody uses matches nothing. Filtering by someone outside the organization
    // shows nothing either: the query stays inside it.
    const user = await db.user.findUnique({ where: { email: filter.actor }, select: { id: true } });
    if (!user) return { entries: [], nextCursor: null };
    userId = user.id;
  }
  const where = {
    orgId: viewer.orgId,
    ...(userId ? { userId } : {}),
    ...(filter.type ? { action: { in: [...ORGANIZATION_EVENT_GROUPS[filter.type].actions] } } : {}),
    ...createdAtWhere(filter),
  };
  const rows = await db.auditEvent.findMany({ where: olderThanCursor(where, filter.cursor), orderBy: NEWEST_FIRST, take: pageSize + 1, select: SELECT });
  const page = toPage(rows, pageSize);
  const keyDescriptions = await keyDescriptionsOf(viewer.orgId, page.rows);
  return { entries: page.rows.map((row) => toEntry(row, keyDescriptions)), nextCursor: page.nextCursor };
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
  const memberships = await db.membership.findMany({
    where: { orgId: viewer.orgId },
    select: { user: { select: { firstName: true, lastName: true, email: true } } },
    orderBy: [{ user: { firstName: "asc" } }, { user: { lastName: "asc" } }, { id: "asc" }],
    take: ACTOR_SELECT_MAX + 1,
  });
  if (memberships.length > ACTOR_SELECT_MAX) return null;
  return memberships.map(({ user }) => ({ name: `${user.firstName} ${user.lastName}`.trim(), email: user.email }));
}

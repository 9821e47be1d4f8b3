// Domain rows as /api/v1 shows them: dates as ISO strings, only the fields of rest-api/schemas.ts.
import type { z } from "@hono/zod-openapi";
import type { ApiKeyRow } from "@/lib/api-keys/api-keys";
import type { OrganizationLogEntry } from "@/lib/audit/organization-log";
import type { InvitationRow } from "@/lib/organizations/invitations";
import type { MemberRow } from "@/lib/organizations/members";
import type { ApiKeySchema, AuditEventSchema, InvitationSchema, MemberSchema } from "./schemas";

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function presentMember(row: MemberRow): z.infer<typeof MemberSchema> {
  return {
    id: row.membershipId,
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: { id: row.roleId, name: row.roleName },
    companies: row.companies ?? "all",
    joinedAt: row.joinedAt.toISOString(),
    lastActiveAt: iso(row.lastActiveAt),
  };
}

export function presentInvitation(row: InvitationRow): z.infer<typeof InvitationSchema> {
  return {
    id: row.id,
    email: row.email,
    role: { id: row.roleId, name: row.roleName },
    invitedBy: row.invitedByName,
    sentAt: row.sentAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    status: row.status,
  };
}

export function presentAuditEvent(entry: OrganizationLogEntry): z.infer<typeof AuditEventSchema> {
  return { ...entry, createdAt: entry.createdAt.toISOString() };
}

export function presentApiKey(row: ApiKeyRow): z.infer<typeof ApiKeySchema> {
  return {
    id: row.id,
    description: row.description,
    type: row.type,
    environment: row.environment,
    access: row.access,
    maskedKey: row.maskedKey,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
    lastUsedIp: row.lastUsedIp,
    previousSecretExpiresAt: iso(row.previousSecretExpiresAt),
    rateLimit: row.rateLimit,
  };
}

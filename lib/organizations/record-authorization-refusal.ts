import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { withinLimit } from "@/lib/rate-limit/limit";
import type { OrganizationMember } from "./member";
import type { Permission } from "./permissions";

/**
 * Writes `authorization.refused` to the organization's log when a member tries what their role
 * does not allow, at most RATE_LIMITS["authorization-log:user"] times per window: the
 * request is refused either way, and repeating it must not fill the log.
 */
export async function recordAuthorizationRefusal(member: OrganizationMember, permission: Permission, context: RequestContext): Promise<void> {
  if (!(await withinLimit("authorization-log:user", member.userId))) return;
  await db.$transaction((tx) =>
    recordAuditEvent(tx, { action: "authorization.refused", userId: member.userId, orgId: member.orgId, context, metadata: { permission, role: member.role.id } }),
  );
}

import "server-only";
import type { Tx } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { isOrganizationActivity, notifyOrganizationActivity } from "@/lib/notifications/organization-activity";
import type { AuditAction } from "./actions";

type AuditEventInput = {
  action: AuditAction;
  userId?: string | null;
  orgId?: string | null;
  context: RequestContext;
  /** Non-secret details only: never a password, code, token or secret. */
  metadata?: Record<string, string | number | boolean | null>;
};

/**
 * Records a security event inside the caller's transaction, so it commits with the change; an
 * organization event also reaches the bells of the members it concerns, in the same transaction.
 */
export async function recordAuditEvent(tx: Tx, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      action: event.action,
      userId: event.userId ?? null,
      orgId: event.orgId ?? null,
      ipAddress: event.context.ipAddress,
      userAgent: event.context.userAgent,
      metadata: JSON.stringify(event.metadata ?? {}),
      apiKeyId: event.context.apiKeyId ?? null,
    },
  });
  if (event.orgId && isOrganizationActivity(event.action)) {
    await notifyOrganizationActivity(tx, { action: event.action, orgId: event.orgId, actorId: event.userId ?? null, metadata: event.metadata ?? {} });
  }
}

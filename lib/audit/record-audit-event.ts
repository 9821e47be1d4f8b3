import "server-only";
import type { Tx } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import type { AuditAction } from "./actions";

type AuditEventInput = {
  action: AuditAction;
  userId?: string | null;
  orgId?: string | null;
  context: RequestContext;
  /** Non-secret details only: never a password, code, token or secret. */
  metadata?: Record<string, string | number | boolean | null>;
};

/** Records a security event inside the caller's transaction, so it commits with the change. */
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
}

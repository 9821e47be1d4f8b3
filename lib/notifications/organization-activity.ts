import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import { describeAction } from "@/lib/audit/describe-event";
import { describeDetails, describeTarget } from "@/lib/audit/organization-log";
import type { Tx } from "@/lib/db/client";
import { customRole } from "@/lib/organizations/member";
import { BUILT_IN_ROLES, type Permission } from "@/lib/organizations/permissions";
import { notifyPeople } from "./notify";

// Organization activity for the members whose role lets them act on it: member events to those
// who manage members, key events to those who manage every key. The actor already knows. The
// bell always gets it, push and webhooks by each person's choices (docs/decisions/0025).

const ACTIVITY: Partial<Record<AuditAction, { permission: Permission; url: string }>> = {
  "invitation.sent": { permission: "members.manage", url: "/settings/organization/members" },
  "invitation.accepted": { permission: "members.manage", url: "/settings/organization/members" },
  "member.role_changed": { permission: "members.manage", url: "/settings/organization/members" },
  "member.removed": { permission: "members.manage", url: "/settings/organization/members" },
  "membership.left": { permission: "members.manage", url: "/settings/organization/members" },
  "api_key.created": { permission: "api_keys.manage", url: "/settings/api-keys" },
  "api_key.revoked": { permission: "api_keys.manage", url: "/settings/api-keys" },
};

export function isOrganizationActivity(action: AuditAction): boolean {
  return ACTIVITY[action] !== undefined;
}

/**
 * Notifies every member who may act on one organization event but the actor, inside the
 * event's transaction: one read for the organization and its custom roles, one for the
 * members, then notifyPeople.
 */
export async function notifyOrganizationActivity(
  tx: Tx,
  event: { action: AuditAction; orgId: string; actorId: string | null; metadata: Record<string, string | number | boolean | null> },
): Promise<void> {
  const activity = ACTIVITY[event.action];
  if (!activity) return;
  const org = await tx.organization.findUnique({
    where: { id: event.orgId },
    select: { name: true, roles: { select: { id: true, name: true, description: true, permissions: true } } },
  });
  if (!org) return;
  const roleIds = [
    ...BUILT_IN_ROLES.filter((role) => (role.permissions as readonly Permission[]).includes(activity.permission)).map((role) => role.id as string),
    ...org.roles.filter((row) => customRole(row).permissions.has(activity.permission)).map((row) => row.id),
  ];
  const recipients = await tx.membership.findMany({
    where: { orgId: event.orgId, role: { in: roleIds }, ...(event.actorId ? { userId: { not: event.actorId } } : {}) },
    select: { userId: true },
  });
  if (recipients.length === 0) return;
  const body = [org.name, describeTarget(event.action, event.metadata), describeDetails(event.action, event.metadata)].filter(Boolean).join(" · ");
  await notifyPeople(
    tx,
    recipients.map(({ userId }) => userId),
    { category: "organization", title: describeAction(event.action), body, url: activity.url },
  );
}

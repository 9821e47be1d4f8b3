// Words for the security log. Safe to import in client code.
import type { AuditAction } from "./actions";

export const EVENT_LABELS: Record<AuditAction, string> = {
  "user.signed_up": "Account created",
  "user.signed_in": "Signed in",
  "user.sign_in_failed": "Sign-in failed",
  "user.signed_out": "Signed out",
  "user.locked_out": "Sign-in paused after failed attempts",
  "user.profile_updated": "Profile updated",
  "user.email_verified": "Email address verified",
  "user.email_change_requested": "Email change requested",
  "user.email_changed": "Email address changed",
  "user.password_changed": "Password changed",
  "user.password_reset_requested": "Password reset requested",
  "user.password_reset": "Password reset",
  "user.unverified_credentials_removed": "Sign-in methods added before the email was verified removed",
  "two_factor.enabled": "Two-factor authentication turned on",
  "two_factor.disabled": "Two-factor authentication turned off",
  "two_factor.code_failed": "Wrong two-factor code",
  "two_factor.code_reused": "Two-factor code used twice",
  "recovery_codes.regenerated": "Recovery codes regenerated",
  "recovery_code.used": "Recovery code used",
  "passkey.added": "Passkey added",
  "passkey.renamed": "Passkey renamed",
  "passkey.deleted": "Passkey deleted",
  "passkey.used": "Passkey used",
  "passkey.counter_suspicious": "Passkey refused: it may have been copied",
  "push_device.added": "Browser push turned on for a device",
  "push_device.removed": "Browser push device removed",
  "user.password_removed": "Password removed",
  "webhook_endpoint.created": "Webhook endpoint added",
  "webhook_endpoint.updated": "Webhook endpoint changed",
  "webhook_endpoint.enabled": "Webhook endpoint enabled",
  "webhook_endpoint.disabled": "Webhook endpoint disabled",
  "webhook_endpoint.secret_rolled": "Webhook signing secret rolled",
  "webhook_endpoint.deleted": "Webhook endpoint deleted",
  "session.revoked": "Session signed out",
  "session.stepped_up": "Identity confirmed for a sensitive action",
  "session.step_up_failed": "Identity confirmation failed",
  "user.data_exported": "Data downloaded",
  "user.deleted": "Account deleted",
  "membership.left": "Left the organization",
  "organization.created": "Organization created",
  "organization.updated": "Organization details changed",
  "organization.deleted": "Organization deleted",
  "invitation.sent": "Invitation sent",
  "invitation.resent": "Invitation resent",
  "invitation.revoked": "Invitation revoked",
  "invitation.accepted": "Invitation accepted",
  "member.removed": "Member removed",
  "member.role_changed": "Role changed",
  "member.companies_changed": "Company access changed",
  "role.created": "Custom role created",
  "role.updated": "Custom role edited",
  "role.deleted": "Custom role deleted",
  "company.created": "Company created",
  "company.renamed": "Company renamed",
  "company.deleted": "Company deleted",
  "ownership_transfer.requested": "Ownership transfer requested",
  "ownership_transfer.accepted": "Ownership transfer accepted",
  "ownership_transfer.cancelled": "Ownership transfer cancelled",
  "api_key.created": "API key created",
  "api_key.rotated": "API key rotated",
  "api_key.revoked": "API key revoked",
  "api_key.revealed": "API key secret viewed",
  "api_keys.regenerated": "All API key secrets regenerated",
  "api_key.settings_changed": "API key settings changed",
  "organization.api_key_policy_changed": "API key secret policy changed",
  "authorization.refused": "Action refused: not allowed for the role",
  "request.cross_site_refused": "Cross-site request refused",
};

/** The filter of the security log: groups of related events. */
export const EVENT_GROUPS = {
  "sign-in": { label: "Sign-in and sign-out", actions: ["user.signed_in", "user.sign_in_failed", "user.signed_out", "user.locked_out"] },
  sessions: { label: "Sessions", actions: ["session.revoked", "session.stepped_up", "session.step_up_failed"] },
  password: {
    label: "Password",
    actions: ["user.password_changed", "user.password_reset_requested", "user.password_reset", "user.unverified_credentials_removed", "user.password_removed"],
  },
  email: { label: "Email", actions: ["user.email_verified", "user.email_change_requested", "user.email_changed"] },
  "two-factor": {
    label: "Two-factor authentication",
    actions: ["two_factor.enabled", "two_factor.disabled", "two_factor.code_failed", "two_factor.code_reused", "recovery_codes.regenerated", "recovery_code.used"],
  },
  passkeys: { label: "Passkeys", actions: ["passkey.added", "passkey.renamed", "passkey.deleted", "passkey.used", "passkey.counter_suspicious"] },
  account: { label: "Account", actions: ["user.signed_up", "user.profile_updated", "user.data_exported", "membership.left"] },
  notifications: {
    label: "Notifications",
    actions: [
      "push_device.added",
      "push_device.removed",
      "webhook_endpoint.created",
      "webhook_endpoint.updated",
      "webhook_endpoint.enabled",
      "webhook_endpoint.disabled",
      "webhook_endpoint.secret_rolled",
      "webhook_endpoint.deleted",
    ],
  },
} as const satisfies Record<string, { label: string; actions: readonly AuditAction[] }>;

export type EventGroup = keyof typeof EVENT_GROUPS;

export function describeAction(action: string): string {
  return EVENT_LABELS[action as AuditAction] ?? action;
}

/** The event-type filter of an organization's audit log. */
export const ORGANIZATION_EVENT_GROUPS = {
  organization: { label: "Organization", actions: ["organization.created", "organization.updated", "organization.deleted"] },
  members: {
    label: "Members and invitations",
    actions: [
      "invitation.sent",
      "invitation.resent",
      "invitation.revoked",
      "invitation.accepted",
      "member.removed",
      "member.role_changed",
      "member.companies_changed",
      "membership.left",
    ],
  },
  roles: { label: "Roles", actions: ["role.created", "role.updated", "role.deleted"] },
  companies: { label: "Companies", actions: ["company.created", "company.renamed", "company.deleted"] },
  ownership: { label: "Ownership", actions: ["ownership_transfer.requested", "ownership_transfer.accepted", "ownership_transfer.cancelled"] },
  apiKeys: {
    label: "API keys",
    actions: [
      "api_key.created",
      "api_key.rotated",
      "api_key.revoked",
      "api_key.revealed",
      "api_keys.regenerated",
      "api_key.settings_changed",
      "organization.api_key_policy_changed",
    ],
  },
  refused: { label: "Access refused", actions: ["authorization.refused", "request.cross_site_refused"] },
} as const satisfies Record<string, { label: string; actions: readonly AuditAction[] }>;

export type OrganizationEventGroup = keyof typeof ORGANIZATION_EVENT_GROUPS;

import type { Permission } from "@/lib/organizations/permissions";

// The settings sections that exist, in sidebar order. Later capabilities add theirs here.
export const SETTINGS_SECTIONS = [
  { href: "/settings/profile", label: "Profile" },
  { href: "/settings/security", label: "Security" },
  { href: "/settings/passkeys", label: "Passkeys" },
  { href: "/settings/sessions", label: "Sessions" },
  { href: "/settings/activity", label: "Security log" },
  { href: "/settings/memberships", label: "Organizations" },
  { href: "/settings/notifications", label: "Notifications" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/appearance", label: "Appearance" },
  { href: "/settings/account", label: "Account" },
] as const;

/** The current organization's pages; each shows only to roles that may open it. */
export const ORGANIZATION_SECTIONS = [
  { href: "/settings/organization", label: "Details", permission: "organization.view" },
  { href: "/settings/organization/members", label: "Members", permission: "organization.view" },
  { href: "/settings/organization/companies", label: "Companies", permission: "organization.view" },
  { href: "/settings/organization/roles", label: "Roles", permission: "organization.view" },
  { href: "/settings/api-keys", label: "API keys", permission: "api_keys.view" },
  { href: "/settings/organization/audit-log", label: "Audit log", permission: "audit_log.view" },
] as const satisfies readonly { href: string; label: string; permission: Permission }[];

export type NavSection = { href: string; label: string };

// The settings sections that exist, in sidebar order. Later capabilities add theirs here.
export const SETTINGS_SECTIONS = [
  { href: "/settings/profile", label: "Profile" },
  { href: "/settings/security", label: "Security" },
  { href: "/settings/passkeys", label: "Passkeys" },
  { href: "/settings/sessions", label: "Sessions" },
  { href: "/settings/activity", label: "Security log" },
  { href: "/settings/memberships", label: "Organizations" },
  { href: "/settings/appearance", label: "Appearance" },
  { href: "/settings/account", label: "Account" },
] as const;

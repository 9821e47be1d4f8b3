// The settings sections that exist, in sidebar order. Later capabilities add theirs here.
export const SETTINGS_SECTIONS = [
  { href: "/settings/profile", label: "Profile" },
  { href: "/settings/security", label: "Security" },
  { href: "/settings/appearance", label: "Appearance" },
] as const;

// The notifications matrix: what a person can hear about, on which channel, and what they hear
// by default. No zod and no server code: the settings page's client component imports it too.
// Why the defaults are what they are: docs/decisions/0020-notification-preferences.md.

export const NOTIFICATION_CATEGORIES = [
  { id: "security", label: "Security alerts", description: "Sign-ins from new devices, password and two-factor changes." },
  { id: "product_updates", label: "Product updates and newsletter", description: "What is new in Latchkey, now and then." },
  { id: "purchases", label: "Purchases", description: "Receipts and payment problems." },
  { id: "auto_top_up", label: "Auto top-up", description: "When your balance is topped up automatically, or cannot be." },
  { id: "organization", label: "Organization activity", description: "Invitations, members joining, role changes and API keys." },
  { id: "agent_checkpoints", label: "Agent checkpoints", description: "When an agent reaches a checkpoint and needs you." },
] as const;

export const NOTIFICATION_CHANNELS = [
  { id: "email", label: "Email" },
  { id: "push", label: "Browser push" },
  { id: "webhook", label: "Webhook" },
] as const;

export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number]["id"];
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number]["id"];
/** One switch of the matrix, as the form names it: "purchases:email". */
export type NotificationCell = `${NotificationCategory}:${NotificationChannel}`;

export const CATEGORY_IDS = NOTIFICATION_CATEGORIES.map((category) => category.id) as [NotificationCategory, ...NotificationCategory[]];
export const CHANNEL_IDS = NOTIFICATION_CHANNELS.map((channel) => channel.id) as [NotificationChannel, ...NotificationChannel[]];

export function cellOf(category: NotificationCategory, channel: NotificationChannel): NotificationCell {
  return `${category}:${channel}`;
}

export const ALL_CELLS: readonly NotificationCell[] = CATEGORY_IDS.flatMap((category) => CHANNEL_IDS.map((channel) => cellOf(category, channel)));

/** Cells nobody can switch off, with the reason the page shows beside them. */
export const LOCKED_CELLS: Partial<Record<NotificationCell, string>> = {
  "security:email": "Always on: security alerts by email are how you learn that someone else is in your account, so they cannot be turned off.",
};

export function isLockedCell(cell: NotificationCell): boolean {
  return LOCKED_CELLS[cell] !== undefined;
}

/**
 * What a person hears before they choose. Email: everything but product updates. Push and
 * webhook deliver nothing until the person turns push on for a device or adds an endpoint,
 * which is their opt-in, so their switches start like email's rather than asking twice.
 */
const DEFAULTS: Record<NotificationCategory, Record<NotificationChannel, boolean>> = {
  security: { email: true, push: true, webhook: true },
  product_updates: { email: false, push: false, webhook: false },
  purchases: { email: true, push: true, webhook: true },
  auto_top_up: { email: true, push: true, webhook: true },
  organization: { email: true, push: true, webhook: true },
  agent_checkpoints: { email: true, push: true, webhook: true },
};

export function isEnabledByDefault(category: NotificationCategory, channel: NotificationChannel): boolean {
  return DEFAULTS[category][channel];
}

/** The label of one switch, standing alone: "Purchases: email". */
export function cellLabel(category: NotificationCategory, channel: NotificationChannel): string {
  const channelLabel = NOTIFICATION_CHANNELS.find((entry) => entry.id === channel)!.label;
  return `${categoryLabel(category)}: ${channelLabel.toLowerCase()}`;
}

/** A category's name inside a sentence: "Purchases", "Organization activity". */
export function categoryLabel(category: NotificationCategory): string {
  return NOTIFICATION_CATEGORIES.find((entry) => entry.id === category)!.label;
}

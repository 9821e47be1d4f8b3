// The choices of the API keys forms and their limits, without zod: client components import
// these, and the schemas that check them (schemas.ts) import them from here.
import type { API_KEY_ENVIRONMENTS } from "./key-format";

export const API_KEY_TYPES = [
  { id: "integration", label: "Integration" },
  { id: "data", label: "Data" },
  { id: "product", label: "Product" },
] as const;
export const API_KEY_ENVIRONMENT_OPTIONS = [
  { id: "test", label: "Test" },
  { id: "live", label: "Live" },
] as const satisfies readonly { id: (typeof API_KEY_ENVIRONMENTS)[number]; label: string }[];
export const API_KEY_ACCESS_LEVELS = [
  { id: "read", label: "Read only" },
  { id: "write", label: "Write only" },
  { id: "read_write", label: "Read and write" },
] as const;
export const API_KEY_EXPIRY_CHOICES = [
  { id: "30d", label: "30 days", days: 30 },
  { id: "90d", label: "90 days", days: 90 },
  { id: "1y", label: "1 year", days: 365 },
  { id: "custom", label: "Custom date", days: null },
] as const;
/** How long an old secret keeps working after a rotation. */
export const ROTATION_GRACE_CHOICES = [
  { id: "none", label: "None (stops at once)", ms: 0 },
  { id: "1h", label: "1 hour", ms: 60 * 60 * 1000 },
  { id: "24h", label: "24 hours", ms: 24 * 60 * 60 * 1000 },
  { id: "7d", label: "7 days", ms: 7 * 24 * 60 * 60 * 1000 },
] as const;
export const API_KEY_SECRET_POLICIES = [
  { id: "reveal", label: "Reveal after two-factor verification" },
  { id: "show_once", label: "Show once" },
] as const;

export type ApiKeyType = (typeof API_KEY_TYPES)[number]["id"];
export type ApiKeyAccess = (typeof API_KEY_ACCESS_LEVELS)[number]["id"];
export type ApiKeySecretPolicy = (typeof API_KEY_SECRET_POLICIES)[number]["id"];
export type RotationGrace = (typeof ROTATION_GRACE_CHOICES)[number]["id"];

export const API_KEY_DESCRIPTION_MAX_LENGTH = 100;
/** Longest life of a key: one year. */
export const API_KEY_MAX_LIFETIME_DAYS = 365;
/** Requests per minute a key or an organization default may be set to. */
export const API_KEY_RATE_LIMIT_MIN = 1;
export const API_KEY_RATE_LIMIT_MAX = 100_000;

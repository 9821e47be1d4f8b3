import { RelativeTime } from "@/components/ui/relative-time";
import type { ApiKeyStatus } from "@/lib/api-keys/api-keys";
import { API_KEY_ACCESS_LEVELS, API_KEY_ENVIRONMENT_OPTIONS, API_KEY_TYPES } from "@/lib/api-keys/choices";

// How the API keys pages name a key's settings and show its status (server components).

const labelOf = (choices: readonly { id: string; label: string }[], id: string) => choices.find((choice) => choice.id === id)?.label ?? id;
export const typeLabel = (id: string) => labelOf(API_KEY_TYPES, id);
export const environmentLabel = (id: string) => labelOf(API_KEY_ENVIRONMENT_OPTIONS, id);
export const accessLabel = (id: string) => labelOf(API_KEY_ACCESS_LEVELS, id);

export const STATUS_LABELS: Record<ApiKeyStatus, string> = { active: "Active", expiring: "Expiring soon", expired: "Expired", revoked: "Revoked" };
const STATUS_CLASSES: Record<ApiKeyStatus, string> = {
  active: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
  expiring: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  expired: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  revoked: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
};

export function StatusBadge({ status }: { status: ApiKeyStatus }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${STATUS_CLASSES[status]}`}>{STATUS_LABELS[status]}</span>;
}

/** The exact time as text, in UTC. */
export function exactTime(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

// Made once: toLocaleDateString makes a formatter on every call (about 50 µs), once per row here.
const UTC_DATE = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** "Dec 28, 2026": the day in UTC. */
export function utcDate(date: Date): string {
  return UTC_DATE.format(date);
}

export function OldSecretNotice({ until }: { until: Date | null }) {
  if (!until) return null;
  return (
    <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
      Old secret works until{" "}
      <time dateTime={until.toISOString()} title={exactTime(until)}>
        {exactTime(until)}
      </time>
    </span>
  );
}

export function LastUsed({ at, ip }: { at: Date | null; ip: string | null }) {
  if (!at) return <>Never</>;
  return (
    <>
      <RelativeTime date={at} />
      {ip ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">from {ip}</span> : null}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { DateRangeFields } from "@/components/settings/date-range-fields";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { buttonClassName } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireUser } from "@/lib/auth/session";
import { EVENT_GROUPS } from "@/lib/audit/describe-event";
import { listSecurityEvents, securityLogFilterSchema } from "@/lib/audit/queries";
import { ThisWasntMeButton } from "./_components/this-wasnt-me-button";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";

export const metadata: Metadata = { title: "Security log" };

const SIGN_IN_ACTIONS = new Set(["user.signed_in"]);

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireUser();
  const filter = securityLogFilterSchema.parse(Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])));
  const { entries, nextCursor } = await listSecurityEvents(session.user.id, filter);
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    if (filter.type) params.set("type", filter.type);
    if (filter.from) params.set("from", filter.from);
    if (filter.to) params.set("to", filter.to);
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    return params.toString();
  };
  const stepUpMethod = stepUpMethodFor(session.user);
  return (
    <>
      <SettingsPageHeader title="Security log" description="Everything that happened to your account's security, newest first." />
      <form method="get" className="mb-6 flex max-w-3xl flex-wrap items-end gap-3" aria-label="Filter the security log">
        <div className="space-y-1">
          <label htmlFor="type" className="block text-sm font-medium">
            Event type
          </label>
          <select
            id="type"
            name="type"
            defaultValue={filter.type ?? ""}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">All events</option>
            {Object.entries(EVENT_GROUPS).map(([value, group]) => (
              <option key={value} value={value}>
                {group.label}
              </option>
            ))}
          </select>
        </div>
        <DateRangeFields from={filter.from} to={filter.to} />
        <button type="submit" className={buttonClassName("secondary")}>
          Filter
        </button>
        <a href={`/settings/activity/export?${query({})}`} className={buttonClassName("ghost")} download>
          Export CSV
        </a>
      </form>
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{filter.type || filter.from || filter.to ? "No events match these filters." : "Nothing has happened yet."}</p>
      ) : (
        <ol className="max-w-3xl divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Security events">
          {entries.map((entry) => (
            <li key={entry.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0 text-sm">
                <p className="font-medium">{entry.label}</p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  <RelativeTime date={entry.createdAt} /> · {entry.ipAddress ?? "unknown address"} · {entry.device}
                </p>
              </div>
              {SIGN_IN_ACTIONS.has(entry.action) && entry.sessionId !== session.sessionId ? <ThisWasntMeButton stepUpMethod={stepUpMethod} /> : null}
            </li>
          ))}
        </ol>
      )}
      {nextCursor ? (
        <Link href={`/settings/activity?${query({ cursor: nextCursor })}`} className={`mt-6 ${buttonClassName("secondary")}`}>
          Older events
        </Link>
      ) : null}
    </>
  );
}

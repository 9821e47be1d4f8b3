import type { Metadata } from "next";
import Link from "next/link";
import { SELECT_CLASS } from "@/components/forms/select-field";
import { DateRangeFields } from "@/components/settings/date-range-fields";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { ORGANIZATION_EVENT_GROUPS } from "@/lib/audit/describe-event";
import { listLogActors, listOrganizationEvents, organizationLogFilterSchema, type OrganizationLogFilter } from "@/lib/audit/organization-log";
import { requireCurrentMember } from "@/lib/organizations/current-organization";

export const metadata: Metadata = { title: "Audit log" };

const PAGE = "/settings/organization/audit-log";

function queryString(filter: OrganizationLogFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.type) params.set("type", filter.type);
  if (filter.actor) params.set("actor", filter.actor);
  if (filter.from) params.set("from", filter.from);
  if (filter.to) params.set("to", filter.to);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { member } = await requireCurrentMember("audit_log.view");
  const filter = organizationLogFilterSchema.parse(Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])));
  const [{ entries, nextCursor }, actors] = await Promise.all([listOrganizationEvents(member, filter), listLogActors(member)]);
  const filtered = Boolean(filter.type || filter.actor || filter.from || filter.to);
  const actorIsListed = !filter.actor || actors?.some((actor) => actor.email === filter.actor);
  return (
    <>
      <SettingsPageHeader title="Audit log" description={`Everything that changed in ${member.orgName}, who did it and from where, newest first.`} />
      <form method="get" className="mb-6 flex max-w-4xl flex-wrap items-end gap-3" aria-label="Filter the audit log">
        <div className="space-y-1">
          <label htmlFor="type" className="block text-sm font-medium">
            Event type
          </label>
          <select id="type" name="type" defaultValue={filter.type ?? ""} className={SELECT_CLASS}>
            <option value="">All events</option>
            {Object.entries(ORGANIZATION_EVENT_GROUPS).map(([value, group]) => (
              <option key={value} value={value}>
                {group.label}
              </option>
            ))}
          </select>
        </div>
        <div className="w-full space-y-1 sm:w-72">
          <label htmlFor="actor" className="block text-sm font-medium">
            {actors ? "Actor" : "Actor email"}
          </label>
          {actors ? (
            <select id="actor" name="actor" defaultValue={filter.actor ?? ""} className={SELECT_CLASS}>
              <option value="">Anyone</option>
              {actors.map((actor) => (
                <option key={actor.email} value={actor.email}>
                  {actor.name} ({actor.email})
                </option>
              ))}
              {/* A former member picked through the URL stays shown as the filter applied. */}
              {actorIsListed ? null : <option value={filter.actor}>{filter.actor}</option>}
            </select>
          ) : (
            <Input id="actor" name="actor" type="email" defaultValue={filter.actor} placeholder="name@example.com" />
          )}
        </div>
        <DateRangeFields from={filter.from} to={filter.to} />
        <button type="submit" className={buttonClassName("secondary")}>
          Filter
        </button>
        <a href={`${PAGE}/export?${queryString(filter)}`} className={buttonClassName("ghost")} download>
          Export CSV
        </a>
      </form>
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{filtered ? "No events match these filters." : "Nothing has happened in this organization yet."}</p>
      ) : (
        <ol className="max-w-4xl divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Audit events">
          {entries.map((entry) => (
            <li key={entry.id} className="p-4 text-sm">
              <p className="font-medium break-words">
                {entry.label}
                {entry.target ? <span className="font-normal"> · {entry.target}</span> : null}
              </p>
              {entry.details ? <p className="break-words text-zinc-700 dark:text-zinc-300">{entry.details}</p> : null}
              <p className="break-words text-zinc-600 dark:text-zinc-400">
                By {entry.actor ? `${entry.actor.name} (${entry.actor.email})` : "Deleted user"}
                {entry.apiKey ? (
                  <>
                    {" "}
                    with the API key {entry.apiKey.description ? `“${entry.apiKey.description}” ` : ""}
                    <span className="font-mono text-xs">({entry.apiKey.id})</span>
                  </>
                ) : null}{" "}
                · <RelativeTime date={entry.createdAt} /> · {entry.ipAddress ?? "unknown address"}
              </p>
            </li>
          ))}
        </ol>
      )}
      {nextCursor ? (
        <Link href={`${PAGE}?${queryString(filter, { cursor: nextCursor })}`} className={`mt-6 ${buttonClassName("secondary")}`}>
          Older events
        </Link>
      ) : null}
    </>
  );
}

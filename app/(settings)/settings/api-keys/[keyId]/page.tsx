import type { Metadata } from "next";
import { TableScroll } from "@/components/ui/table-scroll";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageNotice } from "@/components/settings/page-notice";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { getApiKey, getApiKeySettings } from "@/lib/api-keys/api-keys";
import { apiKeyId } from "@/lib/api-keys/schemas";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";
import { AppError } from "@/lib/errors";
import { requireCurrentMember } from "@/lib/organizations/current-organization";
import { can } from "@/lib/organizations/permissions";
import { RevokeKeyButton, RotateKeyButton } from "../_components/key-actions";
import { LastUsed, OldSecretNotice, StatusBadge, accessLabel, environmentLabel, exactTime, typeLabel } from "../_components/key-labels";
import { KeyRateLimitForm } from "../_components/settings-forms";
import { EmptyState } from "@/components/ui/empty-state";
import { TableHead } from "@/components/ui/table-head";

export const metadata: Metadata = { title: "API key" };

const NOTICES: Record<string, string> = { revoked: "The API key was revoked. It stops working at once." };
const TD = "px-3 py-2 align-top";
const LINK = "font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400";
const SECTION = "rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";

async function loadKey(member: Parameters<typeof getApiKey>[0], keyId: string) {
  try {
    return await getApiKey(member, keyId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function ApiKeyPage({ params, searchParams }: { params: Promise<{ keyId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session, member } = await requireCurrentMember("api_keys.view");
  const parsedId = apiKeyId.safeParse((await params).keyId);
  if (!parsedId.success) notFound();
  const [key, settings] = await Promise.all([loadKey(member, parsedId.data), getApiKeySettings(member)]);
  const { notice } = await searchParams;
  const stepUpMethod = stepUpMethodFor(session.user);
  const details: [string, ReactNode][] = [
    ["Type", typeLabel(key.type)],
    ["Environment", environmentLabel(key.environment)],
    ["Access", accessLabel(key.access)],
    [
      "Key ID",
      <span key="id" className="font-mono text-xs">
        {key.id}
      </span>,
    ],
    [
      "Key",
      <span key="masked" className="font-mono text-xs break-all">
        {key.maskedKey}
      </span>,
    ],
    [
      "Status",
      <>
        <StatusBadge status={key.status} />
        <OldSecretNotice until={key.previousSecretExpiresAt} />
      </>,
    ],
    [
      "Created",
      <>
        <RelativeTime date={key.createdAt} /> by {key.createdBy ? `${key.createdBy.name} (${key.createdBy.email})` : "a deleted account"}
      </>,
    ],
    [
      "Expires",
      <time key="expires" dateTime={key.expiresAt.toISOString()} title={exactTime(key.expiresAt)}>
        {exactTime(key.expiresAt)}
      </time>,
    ],
    ...(key.revokedAt ? ([["Revoked", <RelativeTime key="revoked" date={key.revokedAt} />]] as [string, ReactNode][]) : []),
    ["Last used", <LastUsed key="last" at={key.lastUsedAt} ip={key.lastUsedIp} />],
    ["Rate limit", `${key.rateLimit.toLocaleString("en-US")} requests per minute${key.rateLimitIsDefault ? " (the organization's default)" : ""}`],
  ];

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/api-keys" className={LINK}>
          ← All API keys
        </Link>
      </p>
      <SettingsPageHeader title={key.description} description={`An API key of ${member.orgName}.`} />
      <PageNotice message={typeof notice === "string" && NOTICES[notice] ? NOTICES[notice] : null} />
      <div className="max-w-3xl space-y-6">
        <section aria-labelledby="key-details-heading" className={SECTION}>
          <h2 id="key-details-heading" className="mb-3 font-semibold">
            Details
          </h2>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
            {details.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="font-medium text-zinc-700 dark:text-zinc-300">{term}</dt>
                <dd className="min-w-0">{value}</dd>
              </div>
            ))}
          </dl>
          {key.manageable ? (
            <div className="mt-4 flex flex-wrap gap-2">
              {key.status === "expired" ? null : (
                <RotateKeyButton organizationId={member.orgId} keyId={key.id} description={key.description} stepUpMethod={stepUpMethod} revealable={settings.policy === "reveal"} />
              )}
              <RevokeKeyButton organizationId={member.orgId} keyId={key.id} description={key.description} stepUpMethod={stepUpMethod} from="key" />
            </div>
          ) : null}
        </section>

        {can(member, "api_keys.manage") && key.status !== "revoked" ? (
          <section aria-labelledby="key-limit-heading" className={SECTION}>
            <h2 id="key-limit-heading" className="mb-3 font-semibold">
              Rate limit
            </h2>
            <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
              The organization&apos;s default is {settings.rateLimit.toLocaleString("en-US")} requests per minute per key.
            </p>
            <KeyRateLimitForm organizationId={member.orgId} keyId={key.id} rateLimit={key.rateLimit} isDefault={key.rateLimitIsDefault} stepUpMethod={stepUpMethod} />
          </section>
        ) : null}

        <section aria-labelledby="key-uses-heading">
          <h2 id="key-uses-heading" className="mb-3 text-lg font-semibold">
            Recent uses
          </h2>
          {key.uses.length === 0 ? (
            <EmptyState centered>This key hasn&apos;t been used yet. Its last 20 requests show here.</EmptyState>
          ) : (
            <TableScroll label="Recent requests">
              <table className="w-full min-w-[36rem] text-sm">
                <caption className="sr-only">
                  The last {key.uses.length} requests made with {key.description}
                </caption>
                <TableHead headings={["Time", "IP address", "Endpoint", "Outcome"]} />
                <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                  {key.uses.map((use, index) => (
                    <tr key={`${use.at.toISOString()}-${index}`}>
                      <td className={`${TD} whitespace-nowrap`}>
                        <RelativeTime date={use.at} />
                      </td>
                      <td className={TD}>{use.ipAddress ?? "—"}</td>
                      <td className={`${TD} font-mono text-xs break-all`}>
                        {use.method} {use.endpoint}
                      </td>
                      <td className={TD}>
                        {use.status} {use.status < 400 ? "Succeeded" : use.status === 429 ? "Rate limited" : use.status === 401 || use.status === 403 ? "Refused" : "Failed"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import { TableScroll } from "@/components/ui/table-scroll";
import Link from "next/link";
import { PageNotice } from "@/components/settings/page-notice";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { Button } from "@/components/ui/button";
import { SELECT_CLASS } from "@/components/forms/select-field";
import { RelativeTime } from "@/components/ui/relative-time";
import { API_KEY_STATUSES, getApiKeySettings, listApiKeys, type ApiKeyStatus } from "@/lib/api-keys/api-keys";
import { API_KEY_ENVIRONMENTS, type ApiKeyEnvironment } from "@/lib/api-keys/key-format";
import { API_KEY_ENVIRONMENT_OPTIONS } from "@/lib/api-keys/schemas";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";
import { requireCurrentMember } from "@/lib/organizations/current-organization";
import { can } from "@/lib/organizations/permissions";
import { recordId } from "@/lib/validation/record-id";
import { CreateKeyDialog } from "./_components/create-key-dialog";
import { RevokeKeyButton, RotateKeyButton } from "./_components/key-actions";
import { LastUsed, OldSecretNotice, StatusBadge, accessLabel, environmentLabel, exactTime, typeLabel, utcDate } from "./_components/key-labels";
import { RegenerateAll } from "./_components/regenerate-all";
import { RevealKeys } from "./_components/reveal-keys";
import { DefaultRateLimitForm, SecretPolicyForm } from "./_components/settings-forms";
import { EmptyState } from "@/components/ui/empty-state";
import { TableHead } from "@/components/ui/table-head";

export const metadata: Metadata = { title: "API keys" };

const NOTICES: Record<string, string> = { revoked: "The API key was revoked. It stops working at once." };

const TD = "px-3 py-3 align-top";
const LINK = "font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400";
const SECTION = "rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";
const cursorSchema = recordId("");

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function pageLink(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = search.toString();
  return `/settings/api-keys${text ? `?${text}` : ""}`;
}

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session, member } = await requireCurrentMember("api_keys.view");
  const params = await searchParams;
  // Anything malformed in the URL is no filter, never a 500.
  const environment = API_KEY_ENVIRONMENTS.find((value) => value === single(params.environment)) as ApiKeyEnvironment | undefined;
  const status = API_KEY_STATUSES.find((value) => value.id === single(params.status))?.id as ApiKeyStatus | undefined;
  const cursor = cursorSchema.safeParse(single(params.cursor)).data;
  const notice = single(params.notice);
  const [{ keys, nextCursor }, settings] = await Promise.all([listApiKeys(member, { environment, status, cursor }), getApiKeySettings(member)]);
  const stepUpMethod = stepUpMethodFor(session.user);
  const revealMethod = session.user.totpEnabled ? "totp" : session.user.hasPasskey ? "passkey" : null;
  const manages = can(member, "api_keys.manage");
  const creates = manages || can(member, "api_keys.manage_own");
  const reveals = settings.policy === "reveal" && (can(member, "api_keys.reveal") || can(member, "api_keys.reveal_own"));
  const filtered = Boolean(environment || status);
  const today = new Date().toISOString().slice(0, 10);

  return (
    <>
      <SettingsPageHeader
        title="API keys"
        description={`Keys let your services and integrations call Latchkey's REST API for ${member.orgName}. A key never does more than its creator's role allows.`}
      />
      <PageNotice message={notice && NOTICES[notice] ? NOTICES[notice] : null} />

      <div className="flex flex-col gap-4">
        {creates ? <CreateKeyDialog organizationId={member.orgId} stepUpMethod={stepUpMethod} revealable={settings.policy === "reveal"} today={today} /> : null}
        {reveals ? <RevealKeys organizationId={member.orgId} method={revealMethod} /> : null}
      </div>

      <section aria-labelledby="keys-heading" className="mt-6">
        <div className="mb-3 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <h2 id="keys-heading" className="text-lg font-semibold">
            Keys
          </h2>
          <form method="get" aria-label="Filter API keys" className="flex flex-wrap items-end gap-2">
            {[
              { name: "environment", label: "Environment", value: environment, options: API_KEY_ENVIRONMENT_OPTIONS },
              { name: "status", label: "Status", value: status, options: API_KEY_STATUSES },
            ].map((filter) => (
              <div key={filter.name} className="space-y-1.5">
                <label htmlFor={`filter-${filter.name}`} className="block text-sm font-medium">
                  {filter.label}
                </label>
                <select id={`filter-${filter.name}`} name={filter.name} defaultValue={filter.value ?? ""} className={SELECT_CLASS}>
                  <option value="">All</option>
                  {filter.options.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <Button type="submit" variant="secondary">
              Filter
            </Button>
          </form>
        </div>
        {filtered ? (
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Showing {environment ? `${environmentLabel(environment)} keys` : "keys"}
            {status ? ` that are ${API_KEY_STATUSES.find((option) => option.id === status)?.label.toLowerCase()}` : ""}.{" "}
            <Link href={pageLink({})} className={LINK}>
              Show all keys
            </Link>
          </p>
        ) : null}
        {keys.length === 0 ? (
          filtered || cursor ? (
            <EmptyState centered>No key matches these filters.</EmptyState>
          ) : (
            <EmptyState centered title="No API keys yet">
              An API key lets a service, a script or an integration call Latchkey&apos;s REST API under /api/v1 for {member.orgName}: list members, send invitations, read the audit
              log. Use a Test key while building and a Live key in production, and give each integration its own key so you can revoke it alone.
            </EmptyState>
          )
        ) : (
          <TableScroll label="API keys">
            <table className="w-full min-w-[64rem] text-sm">
              <caption className="sr-only">API keys of {member.orgName}</caption>
              <TableHead headings={["Description", "Type", "Environment", "Access", "Key ID", "Key", "Status", "Created", "Expires", "Last used"]} actions />
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {keys.map((key) => (
                  <tr key={key.id}>
                    <th scope="row" className={`${TD} text-left font-medium`}>
                      <Link href={`/settings/api-keys/${key.id}`} className={LINK}>
                        {key.description}
                      </Link>
                    </th>
                    <td className={TD}>{typeLabel(key.type)}</td>
                    <td className={TD}>{environmentLabel(key.environment)}</td>
                    <td className={`${TD} whitespace-nowrap`}>{accessLabel(key.access)}</td>
                    <td className={`${TD} font-mono text-xs`}>{key.id}</td>
                    <td className={`${TD} font-mono text-xs whitespace-nowrap`}>
                      {/* The key ID has its own column: here the prefix and the last 4. */}
                      <span title={key.maskedKey}>{key.maskedKey.replace(`${key.id}_`, "")}</span>
                    </td>
                    <td className={TD}>
                      <StatusBadge status={key.status} />
                      <OldSecretNotice until={key.previousSecretExpiresAt} />
                    </td>
                    <td className={`${TD} whitespace-nowrap`}>
                      <RelativeTime date={key.createdAt} />
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">by {key.createdBy?.name ?? "a deleted account"}</span>
                    </td>
                    <td className={`${TD} whitespace-nowrap`}>
                      <time dateTime={key.expiresAt.toISOString()} title={exactTime(key.expiresAt)}>
                        {utcDate(key.expiresAt)}
                      </time>
                    </td>
                    <td className={`${TD} whitespace-nowrap`}>
                      <LastUsed at={key.lastUsedAt} ip={key.lastUsedIp} />
                    </td>
                    <td className={TD}>
                      {key.manageable ? (
                        <div className="flex justify-end gap-2">
                          {key.status === "expired" ? null : (
                            <RotateKeyButton
                              organizationId={member.orgId}
                              keyId={key.id}
                              description={key.description}
                              stepUpMethod={stepUpMethod}
                              revealable={settings.policy === "reveal"}
                            />
                          )}
                          <RevokeKeyButton organizationId={member.orgId} keyId={key.id} description={key.description} stepUpMethod={stepUpMethod} from="list" />
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <nav aria-label="API key pages" className="mt-3 flex gap-4 text-sm">
          {cursor ? (
            <Link href={pageLink({ environment, status })} className={LINK}>
              First page
            </Link>
          ) : null}
          {nextCursor ? (
            <Link href={pageLink({ environment, status, cursor: nextCursor })} className={LINK}>
              Next page of keys
            </Link>
          ) : null}
        </nav>
      </section>

      {manages ? (
        <div className="mt-10 max-w-3xl space-y-6">
          <section aria-labelledby="secrets-heading" className={SECTION}>
            <h2 id="secrets-heading" className="mb-3 font-semibold">
              Secrets and limits
            </h2>
            <div className="space-y-6">
              <SecretPolicyForm organizationId={member.orgId} policy={settings.policy} stepUpMethod={stepUpMethod} />
              <DefaultRateLimitForm organizationId={member.orgId} rateLimit={settings.rateLimit} stepUpMethod={stepUpMethod} />
            </div>
          </section>
          <section aria-labelledby="keys-danger-heading" className="rounded-lg border border-red-300 p-4 dark:border-red-900">
            <h2 id="keys-danger-heading" className="font-semibold text-red-800 dark:text-red-300">
              Danger zone
            </h2>
            <RegenerateAll organizationId={member.orgId} stepUpMethod={stepUpMethod} revealable={settings.policy === "reveal"} />
          </section>
        </div>
      ) : null}
    </>
  );
}

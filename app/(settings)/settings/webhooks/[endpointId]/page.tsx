import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableScroll } from "@/components/ui/table-scroll";
import { requireUser } from "@/lib/auth/session";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";
import { AppError } from "@/lib/errors";
import { recordId } from "@/lib/validation/record-id";
import { DISABLE_AFTER_CONSECUTIVE_FAILURES, listWebhookDeliveries } from "@/lib/webhooks/deliveries";
import { getWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { webhookDestinationPolicy } from "@/lib/webhooks/policy";
import { webhookEndpointId } from "@/lib/webhooks/schemas";
import { EditEndpointForm } from "../_components/edit-endpoint-form";
import { EndpointActions } from "../_components/endpoint-actions";
import { deliveryStateLabel, EndpointDetails, EndpointStatus } from "../_components/endpoint-labels";
import { ResendButton } from "../_components/resend-button";
import { EmptyState } from "@/components/ui/empty-state";
import { TableHead } from "@/components/ui/table-head";

export const metadata: Metadata = { title: "Webhook endpoint" };

const TD = "px-3 py-2 align-top";
const LINK = "font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400";
const SECTION = "space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";
const cursorSchema = recordId("");

function exactTime(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

function failuresText(endpoint: { consecutiveFailures: number; status: { state: string } }): string {
  const rule = endpoint.status.state === "enabled" ? ` (disabled after ${DISABLE_AFTER_CONSECUTIVE_FAILURES}, or after 5 days of failures)` : "";
  return `${endpoint.consecutiveFailures}${rule}`;
}

async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function WebhookEndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ endpointId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user } = await requireUser();
  const parsedId = webhookEndpointId.safeParse((await params).endpointId);
  if (!parsedId.success) notFound();
  const { cursor: cursorParam } = await searchParams;
  // A malformed cursor is the first page, never a 500.
  const cursor = cursorSchema.safeParse(typeof cursorParam === "string" ? cursorParam : undefined).data;
  const [endpoint, log] = await Promise.all([orNotFound(getWebhookEndpoint(user.id, parsedId.data)), orNotFound(listWebhookDeliveries(user.id, parsedId.data, cursor))]);
  const allowLoopback = webhookDestinationPolicy().allowLoopback;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/webhooks" className={LINK}>
          ← All webhooks
        </Link>
      </p>
      <SettingsPageHeader title="Webhook endpoint" description={endpoint.description || "Where it sends, what it receives, and every delivery tried."} />
      <div className="space-y-6">
        <section aria-labelledby="endpoint-heading" className={SECTION}>
          <div className="flex flex-wrap items-start justify-between gap-2">
            <h2 id="endpoint-heading" className="min-w-0 font-medium break-all">
              {endpoint.url}
            </h2>
            <EndpointStatus status={endpoint.status} />
          </div>
          <EndpointDetails
            endpoint={endpoint}
            rows={[
              ["Added", <RelativeTime key="added" date={endpoint.createdAt} />],
              ...(endpoint.consecutiveFailures > 0 ? ([["Failures in a row", failuresText(endpoint)]] as [string, string][]) : []),
            ]}
          />
          {endpoint.status.state === "disabled" && endpoint.status.reason === "failing" ? (
            <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
              Latchkey disabled this endpoint because it kept failing. The delivery log below shows what the receiver answered: fix the receiver, then Enable it.
            </p>
          ) : null}
          <EndpointActions endpointId={endpoint.id} url={endpoint.url} enabled={endpoint.status.state === "enabled"} stepUpMethod={stepUpMethodFor(user)} />
        </section>

        <section aria-labelledby="log-heading" className="space-y-3">
          <h2 id="log-heading" className="text-lg font-semibold">
            Delivery log
          </h2>
          {log.deliveries.length === 0 ? (
            <EmptyState>{cursor ? "No older deliveries." : "No deliveries yet. Use “Send test” to send one now."}</EmptyState>
          ) : (
            <TableScroll label="Delivery log">
              <table className="w-full text-sm">
                <TableHead headings={["Time", "Event", "Status", "Attempt", "Duration"]} actions />
                <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                  {log.deliveries.map((delivery) => {
                    const latest = delivery.attempts[0];
                    const name = `${delivery.type} from ${exactTime(delivery.createdAt)}`;
                    return (
                      <tr key={delivery.id}>
                        <td className={`${TD} whitespace-nowrap`}>
                          <time dateTime={delivery.createdAt.toISOString()}>{exactTime(delivery.createdAt)}</time>
                        </td>
                        <td className={TD}>
                          <code className="text-xs">{delivery.type}</code>
                        </td>
                        <td className={TD}>
                          <span className="whitespace-nowrap">{deliveryStateLabel(delivery.state, latest?.status ?? null)}</span>
                          {delivery.attempts.length > 0 ? (
                            <details className="mt-1">
                              <summary className="cursor-pointer text-xs text-blue-700 dark:text-blue-400">
                                Responses<span className="sr-only"> to {name}</span>
                              </summary>
                              <ol className="mt-2 space-y-2">
                                {delivery.attempts.map((attempt) => (
                                  <li key={attempt.id} className="space-y-1 text-xs">
                                    <p>
                                      Attempt {attempt.attempt}, {exactTime(attempt.at)}: {attempt.status ?? "no answer"}
                                      {attempt.error ? ` — ${attempt.error}` : ""}
                                    </p>
                                    {attempt.responseBody ? (
                                      <pre className="max-h-40 max-w-md overflow-auto rounded bg-zinc-100 p-2 break-all whitespace-pre-wrap dark:bg-zinc-900">
                                        {attempt.responseBody}
                                      </pre>
                                    ) : null}
                                  </li>
                                ))}
                              </ol>
                            </details>
                          ) : null}
                        </td>
                        <td className={TD}>{latest ? latest.attempt : "—"}</td>
                        <td className={`${TD} whitespace-nowrap`}>{latest ? `${latest.durationMs} ms` : "—"}</td>
                        <td className={TD}>
                          {/* Shown while pending too, so its confirmation stays on screen; a resend of a pending delivery is refused with the reason. */}
                          <ResendButton deliveryId={delivery.id} name={name} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          )}
          <nav aria-label="Delivery log pages" className="flex gap-4 text-sm">
            {cursor ? (
              <Link href={`/settings/webhooks/${endpoint.id}`} className={LINK}>
                Newest deliveries
              </Link>
            ) : null}
            {log.nextCursor ? (
              <Link href={`/settings/webhooks/${endpoint.id}?cursor=${log.nextCursor}`} className={LINK}>
                Older deliveries
              </Link>
            ) : null}
          </nav>
        </section>

        <section aria-labelledby="edit-heading" className={SECTION}>
          <h2 id="edit-heading" className="text-lg font-semibold">
            Edit endpoint
          </h2>
          <EditEndpointForm
            endpointId={endpoint.id}
            initial={{ url: endpoint.url, description: endpoint.description, categories: endpoint.categories }}
            allowLoopback={allowLoopback}
            stepUpMethod={stepUpMethodFor(user)}
          />
        </section>
      </div>
    </>
  );
}

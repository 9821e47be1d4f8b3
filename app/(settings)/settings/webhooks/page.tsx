import type { Metadata } from "next";
import Link from "next/link";
import { PageNotice } from "@/components/settings/page-notice";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireUser } from "@/lib/auth/session";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";
import { listWebhookEndpoints, WEBHOOK_ENDPOINT_LIMIT } from "@/lib/webhooks/endpoints";
import { webhookDestinationPolicy } from "@/lib/webhooks/policy";
import { AddEndpointDialog } from "./_components/add-endpoint-dialog";
import { EndpointActions } from "./_components/endpoint-actions";
import { EndpointDetails, EndpointStatus, LastDelivery } from "./_components/endpoint-labels";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Webhooks" };

const NOTICES: Record<string, string> = { deleted: "The endpoint was deleted. Nothing more is sent to it." };
const LINK = "font-medium break-all text-blue-700 underline-offset-4 hover:underline dark:text-blue-400";

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requireUser();
  const [endpoints, params] = await Promise.all([listWebhookEndpoints(user.id), searchParams]);
  const notice = typeof params.notice === "string" ? (NOTICES[params.notice] ?? null) : null;
  const atLimit = endpoints.length >= WEBHOOK_ENDPOINT_LIMIT ? `You have ${WEBHOOK_ENDPOINT_LIMIT} endpoints, the most one person may have. Delete one to add another.` : null;
  return (
    <>
      <SettingsPageHeader
        title="Webhooks"
        description="Send your notifications to a URL of yours: a Slack or Discord channel, or your own service. Each delivery is signed, retried when it fails, and logged."
      />
      <PageNotice message={notice} />
      <div className="space-y-6">
        <AddEndpointDialog allowLoopback={webhookDestinationPolicy().allowLoopback} atLimit={atLimit} stepUpMethod={stepUpMethodFor(user)} />
        {endpoints.length === 0 ? (
          <EmptyState title="No webhook endpoints yet">
            <p>
              Add an endpoint to receive the notifications you choose as signed JSON. Which kinds reach webhooks at all is set in the Webhook column of{" "}
              <Link href="/settings/notifications" className={LINK}>
                your notification settings
              </Link>
              .
            </p>
          </EmptyState>
        ) : (
          <ul aria-label="Webhook endpoints" className="space-y-4">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id} className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0 space-y-1">
                    <h2 className="text-base">
                      <Link href={`/settings/webhooks/${endpoint.id}`} className={LINK}>
                        {endpoint.url}
                      </Link>
                    </h2>
                    {endpoint.description ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{endpoint.description}</p> : null}
                  </div>
                  <EndpointStatus status={endpoint.status} />
                </div>
                <EndpointDetails endpoint={endpoint} rows={[["Last delivery", <LastDelivery key="last" delivery={endpoint.lastDelivery} />]]} />
                <EndpointActions endpointId={endpoint.id} url={endpoint.url} enabled={endpoint.status.state === "enabled"} stepUpMethod={stepUpMethodFor(user)} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

import { Fragment, type ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { categoryLabel } from "@/lib/notifications/categories";
import type { WebhookEndpointSummary } from "@/lib/webhooks/endpoints";

const BADGE = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium";

/** Enabled, Disabled, or Disabled (failing since …) with when it was turned off. */
export function EndpointStatus({ status }: { status: WebhookEndpointSummary["status"] }) {
  if (status.state === "enabled") return <span className={`${BADGE} bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200`}>Enabled</span>;
  if (status.reason === "failing") {
    return (
      <span className={`${BADGE} bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200`}>
        Disabled (failing since&nbsp;{status.failingSince ? <RelativeTime date={status.failingSince} /> : "a while"})
      </span>
    );
  }
  return <span className={`${BADGE} bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200`}>Disabled</span>;
}

function categoriesText(categories: WebhookEndpointSummary["categories"]): string {
  return categories.length === 0 ? "None" : categories.map(categoryLabel).join(", ");
}

export function deliveryStateLabel(state: string, status: number | null): string {
  if (state === "delivered") return `Delivered${status ? ` (${status})` : ""}`;
  if (state === "failed") return `Failed${status ? ` (${status})` : ""}`;
  return status ? `Retrying (last answer ${status})` : "Pending";
}

/** "webhook.test, delivered (200), 3 minutes ago", or "No deliveries yet". */
export function LastDelivery({ delivery }: { delivery: WebhookEndpointSummary["lastDelivery"] }) {
  if (!delivery) return <>No deliveries yet</>;
  return (
    <>
      <code className="text-xs">{delivery.type}</code>, {deliveryStateLabel(delivery.state, delivery.lastStatus).toLowerCase()}, <RelativeTime date={delivery.at} />
    </>
  );
}

/** What an endpoint receives, then the page's own rows. */
export function EndpointDetails({ endpoint, rows }: { endpoint: WebhookEndpointSummary; rows: [string, ReactNode][] }) {
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {([["Receives", categoriesText(endpoint.categories)], ...rows] as [string, ReactNode][]).map(([term, value]) => (
        <Fragment key={term}>
          <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

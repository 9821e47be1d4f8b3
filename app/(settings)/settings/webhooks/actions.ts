"use server";

import { userAction } from "@/lib/actions/define-action";
import { requireStepUp, stepUpExpiresAt } from "@/lib/auth/step-up";
import { resendWebhookDelivery, sendTestWebhook } from "@/lib/webhooks/deliveries";
import { createWebhookEndpoint, deleteWebhookEndpoint, rollWebhookSecret, setWebhookEndpointEnabled, updateWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { createWebhookEndpointSchema, setWebhookEndpointEnabledSchema, updateWebhookEndpointSchema, webhookDeliverySchema, webhookEndpointSchema } from "@/lib/webhooks/schemas";

const WEBHOOK_PAGES = [{ path: "/settings/webhooks", type: "layout" as const }];
const ENDPOINT_FIELDS = ["url", "description"] as const;

export const createWebhookEndpointAction = userAction<typeof createWebhookEndpointSchema, { id: string; url: string; secret: string }>(
  { schema: createWebhookEndpointSchema, echo: ENDPOINT_FIELDS, revalidate: WEBHOOK_PAGES },
  async (input, { session, context }) => {
    const endpoint = await createWebhookEndpoint(session.user.id, input, context, { steppedUp: stepUpExpiresAt(session) !== null });
    return { data: { id: endpoint.id, url: endpoint.url, secret: endpoint.secret }, message: `Endpoint added: ${endpoint.url}` };
  },
);

export const updateWebhookEndpointAction = userAction(
  { schema: updateWebhookEndpointSchema, echo: ENDPOINT_FIELDS, revalidate: WEBHOOK_PAGES },
  async (input, { session, context }) => {
    await updateWebhookEndpoint(session.user.id, input.endpointId, input, context, { steppedUp: stepUpExpiresAt(session) !== null });
    return { message: "Endpoint saved." };
  },
);

export const setWebhookEndpointEnabledAction = userAction({ schema: setWebhookEndpointEnabledSchema, revalidate: WEBHOOK_PAGES }, async (input, { session, context }) => {
  const enabled = input.enabled === "true";
  await setWebhookEndpointEnabled(session.user.id, input.endpointId, enabled, context);
  return { message: enabled ? "Endpoint enabled. Notifications are sent to it again." : "Endpoint disabled. Nothing is sent to it until you enable it." };
});

// Step-up: the new secret lets whoever holds it sign deliveries the receiver will trust, and
// the old one stops working at once.
export const rollWebhookSecretAction = userAction<typeof webhookEndpointSchema, { secret: string }>(
  { schema: webhookEndpointSchema, revalidate: WEBHOOK_PAGES },
  async (input, { session, context }) => {
    requireStepUp(session);
    return {
      data: { secret: await rollWebhookSecret(session.user.id, input.endpointId, context) },
      message: "New signing secret made. Deliveries from now on are signed with it.",
    };
  },
);

export const deleteWebhookEndpointAction = userAction({ schema: webhookEndpointSchema, revalidate: WEBHOOK_PAGES }, async (input, { session, context }) => {
  await deleteWebhookEndpoint(session.user.id, input.endpointId, context);
  return { message: "Endpoint deleted.", redirect: "/settings/webhooks?notice=deleted" };
});

export const sendTestWebhookAction = userAction({ schema: webhookEndpointSchema, revalidate: WEBHOOK_PAGES }, async (input, { session }) => {
  await sendTestWebhook(session.user.id, input.endpointId);
  return { message: "Test event queued. It shows in the delivery log once the receiver answers." };
});

export const resendWebhookDeliveryAction = userAction({ schema: webhookDeliverySchema, revalidate: WEBHOOK_PAGES }, async (input, { session }) => {
  const delivery = await resendWebhookDelivery(session.user.id, input.deliveryId);
  return { message: `${delivery.type} from ${delivery.createdAt.toUTCString()} queued again.` };
});

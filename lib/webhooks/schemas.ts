// Webhook endpoint forms, as the settings page sends them (safe to import in client code).
import { z } from "zod";
import { CATEGORY_IDS, type NotificationCategory } from "@/lib/notifications/categories";
import { plainText } from "@/lib/validation/fields";
import { repeatedField } from "@/lib/validation/form-data";
import { recordId } from "@/lib/validation/record-id";

export const WEBHOOK_DESCRIPTION_MAX_LENGTH = 200;
/** Longer than any URL checkWebhookUrl accepts, so its own message explains the limit. */
const WEBHOOK_URL_FIELD_MAX_LENGTH = 4096;

export const webhookEndpointId = recordId("Choose a webhook endpoint.");

const endpointFields = {
  url: z.string({ error: "Enter the URL that should receive the webhooks." }).max(WEBHOOK_URL_FIELD_MAX_LENGTH, "The URL is too long."),
  description: plainText("Description", WEBHOOK_DESCRIPTION_MAX_LENGTH).optional().default(""),
  categories: repeatedField(z.enum(CATEGORY_IDS, { error: "Choose categories from the list." }), { max: CATEGORY_IDS.length, label: "categories" }).refine(
    (categories) => categories.length > 0,
    "Choose at least one kind of notification to send to this endpoint.",
  ),
};

export const createWebhookEndpointSchema = z.object(endpointFields);
export type WebhookEndpointInput = z.output<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z.object({ endpointId: webhookEndpointId, ...endpointFields });

export const webhookEndpointSchema = z.object({ endpointId: webhookEndpointId });

export const setWebhookEndpointEnabledSchema = z.object({ endpointId: webhookEndpointId, enabled: z.enum(["true", "false"], { error: "Choose Enable or Disable." }) });

export const webhookDeliverySchema = z.object({ deliveryId: recordId("Choose a delivery.") });

/** The categories column: a JSON array of category ids; anything unknown is dropped. */
export function parseCategories(stored: string): NotificationCategory[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? CATEGORY_IDS.filter((id) => parsed.includes(id)) : [];
  } catch {
    return [];
  }
}

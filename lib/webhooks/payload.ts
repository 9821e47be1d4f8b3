import "server-only";

/**
 * One webhook message. The human-readable sentence is sent twice, as `text` (what Slack's
 * incoming webhooks show) and as `content` (Discord's), so either posts it as it is; `type`,
 * `timestamp` and `data` are for receivers that read the structure.
 */
export type WebhookPayload = { type: string; timestamp: string; text: string; content: string; data: Record<string, unknown> };

export function webhookPayload({ type, message, data, at }: { type: string; message: string; data: Record<string, unknown>; at: Date }): WebhookPayload {
  return { type, timestamp: at.toISOString(), text: message, content: message, data };
}

import "server-only";
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { decryptSecret, encryptSecret } from "@/lib/crypto/encryption";
import { db, type Tx } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import type { NotificationCategory } from "@/lib/notifications/categories";
import { limit } from "@/lib/rate-limit/limit";
import { checkWebhookUrl } from "./destination";
import { destinationProblem, webhookDestinationPolicy } from "./policy";
import { parseCategories, type WebhookEndpointInput } from "./schemas";
import { generateSigningSecret } from "./signing";

// A person's webhook endpoints (docs/decisions/0024-webhook-destinations.md,
// 0027-webhook-delivery.md). Every function takes the person and finds the endpoint among
// theirs only: another person's endpoint id is Not Found, like one that never existed.

/** How many endpoints one person may have. */
export const WEBHOOK_ENDPOINT_LIMIT = 10;

const NOT_FOUND = "That webhook endpoint doesn't exist any more.";

export type WebhookEndpointStatus = { state: "enabled" } | { state: "disabled"; reason: "failing" | "manual"; disabledAt: Date; failingSince: Date | null };

export type WebhookEndpointSummary = {
  id: string;
  url: string;
  description: string;
  categories: NotificationCategory[];
  status: WebhookEndpointStatus;
  /** Failures in a row since the last success. */
  consecutiveFailures: number;
  failingSince: Date | null;
  createdAt: Date;
  lastDelivery: { type: string; state: string; lastStatus: number | null; at: Date } | null;
};

/** The person's endpoints (or the one named), with their latest delivery. */
function findEndpoints(where: { userId: string; id?: string }) {
  return db.webhookEndpoint.findMany({
    where,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      url: true,
      description: true,
      categories: true,
      enabled: true,
      disabledReason: true,
      disabledAt: true,
      failingSince: true,
      consecutiveFailures: true,
      createdAt: true,
      deliveries: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { type: true, state: true, lastStatus: true, lastAttemptAt: true, createdAt: true } },
    },
  });
}

type SummaryRow = Awaited<ReturnType<typeof findEndpoints>>[number];

function summaryOf(row: SummaryRow): WebhookEndpointSummary {
  const last = row.deliveries[0];
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    categories: parseCategories(row.categories),
    status: row.enabled
      ? { state: "enabled" }
      : { state: "disabled", reason: row.disabledReason === "failing" ? "failing" : "manual", disabledAt: row.disabledAt ?? row.createdAt, failingSince: row.failingSince },
    consecutiveFailures: row.consecutiveFailures,
    failingSince: row.failingSince,
    createdAt: row.createdAt,
    lastDelivery: last ? { type: last.type, state: last.state, lastStatus: last.lastStatus, at: last.lastAttemptAt ?? last.createdAt } : null,
  };
}

export async function listWebhookEndpoints(userId: string): Promise<WebhookEndpointSummary[]> {
  return (await findEndpoints({ userId })).map(summaryOf);
}

export async function getWebhookEndpoint(userId: string, endpointId: string): Promise<WebhookEndpointSummary> {
  const [row] = await findEndpoints({ userId, id: endpointId });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  return summaryOf(row);
}

/** The person's endpoint inside a transaction, or Not Found. */
async function ownEndpoint(tx: Tx, userId: string, endpointId: string) {
  const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: { id: true, url: true, enabled: true } });
  if (!endpoint) throw new AppError("NOT_FOUND", NOT_FOUND);
  return endpoint;
}

/** The URL as typed, checked as a delivery would be; a refusal is the form's URL field error. */
async function checkedUrl(text: string): Promise<string> {
  const policy = webhookDestinationPolicy();
  const checked = checkWebhookUrl(text, policy);
  const problem = checked.ok ? await destinationProblem(checked.url, policy) : checked.message;
  if (problem) throw new AppError("INVALID_INPUT", undefined, { url: [problem] });
  return checked.ok ? checked.url.toString() : text;
}

/** Only the host goes into the security log: a Slack or Discord URL carries its secret in the path. */
function hostOf(url: string): string {
  return new URL(url).host;
}

function sealSecret(endpointId: string, secret: string): string {
  return encryptSecret(secret, endpointId);
}

/** The signing secret of an endpoint, for the one function that signs deliveries. */
export function openSigningSecret(endpointId: string, sealed: string): string {
  return decryptSecret(sealed, endpointId);
}

export type CreatedWebhookEndpoint = { id: string; url: string; description: string; secret: string };

/**
 * A new destination for the person's notifications, security alerts among them, needs the
 * session's recent re-authentication (docs/decisions/0029-webhook-destinations-need-step-up.md).
 * It is asked for after the URL is checked, so that a wrong URL is told first.
 */
function requireStepUpForDestination(steppedUp: boolean): void {
  if (!steppedUp) throw new AppError("STEP_UP_REQUIRED", "Confirm it's you to send your notifications to a new URL.");
}

/** Adds an endpoint; its signing secret is returned this once and kept encrypted. */
export async function createWebhookEndpoint(
  userId: string,
  input: WebhookEndpointInput,
  context: RequestContext,
  { steppedUp }: { steppedUp: boolean },
): Promise<CreatedWebhookEndpoint> {
  await limit("webhooks:user", userId);
  const url = await checkedUrl(input.url);
  requireStepUpForDestination(steppedUp);
  const id = randomUUID();
  const secret = generateSigningSecret();
  // Serializable: two adds at once cannot both pass the limit.
  await serializableTransaction(async (tx) => {
    if ((await tx.webhookEndpoint.count({ where: { userId } })) >= WEBHOOK_ENDPOINT_LIMIT) {
      throw new AppError("CONFLICT", `You have ${WEBHOOK_ENDPOINT_LIMIT} webhook endpoints, the most one person may have. Delete one you no longer use first.`);
    }
    await tx.webhookEndpoint.create({
      data: { id, userId, url, description: input.description, categories: JSON.stringify(input.categories), secretCiphertext: sealSecret(id, secret) },
    });
    await recordAuditEvent(tx, { action: "webhook_endpoint.created", userId, context, metadata: { webhookEndpointId: id, host: hostOf(url) } });
  });
  return { id, url, description: input.description, secret };
}

/** Saves an endpoint's URL, description and categories; only a new URL needs `steppedUp`. */
export async function updateWebhookEndpoint(
  userId: string,
  endpointId: string,
  input: WebhookEndpointInput,
  context: RequestContext,
  { steppedUp }: { steppedUp: boolean },
): Promise<void> {
  await limit("webhooks:user", userId);
  const url = await checkedUrl(input.url);
  await db.$transaction(async (tx) => {
    const endpoint = await ownEndpoint(tx, userId, endpointId);
    if (endpoint.url !== url) requireStepUpForDestination(steppedUp);
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { url, description: input.description, categories: JSON.stringify(input.categories) } });
    await recordAuditEvent(tx, { action: "webhook_endpoint.updated", userId, context, metadata: { webhookEndpointId: endpointId, host: hostOf(url) } });
  });
}

/**
 * Enables or disables an endpoint by hand. Enabling starts its failure count afresh, so an
 * endpoint that was disabled for failing gets the whole budget again.
 */
export async function setWebhookEndpointEnabled(userId: string, endpointId: string, enabled: boolean, context: RequestContext): Promise<void> {
  await limit("webhooks:user", userId);
  await db.$transaction(async (tx) => {
    const endpoint = await ownEndpoint(tx, userId, endpointId);
    if (endpoint.enabled === enabled) return;
    await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: enabled
        ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null, consecutiveFailures: 0 }
        : { enabled: false, disabledReason: "manual", disabledAt: new Date() },
    });
    await recordAuditEvent(tx, {
      action: enabled ? "webhook_endpoint.enabled" : "webhook_endpoint.disabled",
      userId,
      context,
      metadata: { webhookEndpointId: endpointId, host: hostOf(endpoint.url) },
    });
  });
}

/** Deletes an endpoint with its delivery log; its queued deliveries are refused when they come due. */
export async function deleteWebhookEndpoint(userId: string, endpointId: string, context: RequestContext): Promise<void> {
  await limit("webhooks:user", userId);
  await db.$transaction(async (tx) => {
    const endpoint = await ownEndpoint(tx, userId, endpointId);
    await tx.webhookEndpoint.delete({ where: { id: endpointId } });
    await recordAuditEvent(tx, { action: "webhook_endpoint.deleted", userId, context, metadata: { webhookEndpointId: endpointId, host: hostOf(endpoint.url) } });
  });
}

/**
 * Gives an endpoint a new signing secret, returned this once. Deliveries from now on (retries
 * included) are signed with it, so the receiver must be given it before the next one.
 */
export async function rollWebhookSecret(userId: string, endpointId: string, context: RequestContext): Promise<string> {
  await limit("webhooks:user", userId);
  const secret = generateSigningSecret();
  await db.$transaction(async (tx) => {
    const endpoint = await ownEndpoint(tx, userId, endpointId);
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { secretCiphertext: sealSecret(endpointId, secret) } });
    await recordAuditEvent(tx, { action: "webhook_endpoint.secret_rolled", userId, context, metadata: { webhookEndpointId: endpointId, host: hostOf(endpoint.url) } });
  });
  return secret;
}

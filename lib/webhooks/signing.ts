import "server-only";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Deliveries are signed as Standard Webhooks specifies (https://www.standardwebhooks.com), with
// its reference library, so a receiver verifies them with any library that implements it.

const SECRET_PREFIX = "whsec_";

/** A new signing secret: 32 random bytes, as `whsec_<base64>`. Shown to its owner once. */
export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

export type SignedHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

/**
 * The three headers of one delivery. `messageId` stays the same across retries of one message,
 * so a receiver that already handled it can tell a retry from a new message.
 */
export function signDelivery(secret: string, messageId: string, at: Date, body: string): SignedHeaders {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, at, body),
  };
}

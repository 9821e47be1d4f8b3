// What a browser's PushSubscription hands over, as the settings page posts it.
import { z } from "zod";

export const PUSH_ENDPOINT_MAX_LENGTH = 2048;

const NOT_USABLE = "This browser's push subscription can't be used. Try turning push on again.";

/** base64url (with or without padding) that decodes to exactly `bytes` bytes. */
function base64urlOf(bytes: number, check: (decoded: Buffer) => boolean = () => true) {
  return z
    .string({ error: NOT_USABLE })
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, NOT_USABLE)
    .refine((value) => {
      const decoded = Buffer.from(value, "base64url");
      return decoded.length === bytes && check(decoded);
    }, NOT_USABLE);
}

/**
 * The fields of `PushSubscription.toJSON()`: the push service's URL for this browser, the
 * browser's P-256 public key (uncompressed, 65 bytes) and its 16-byte authentication secret
 * (RFC 8291). Where the URL may point is checked by subscribeToPush.
 */
export const pushSubscriptionSchema = z.object({
  endpoint: z.string({ error: NOT_USABLE }).trim().min(1, NOT_USABLE).max(PUSH_ENDPOINT_MAX_LENGTH, NOT_USABLE),
  p256dh: base64urlOf(65, (decoded) => decoded[0] === 0x04),
  auth: base64urlOf(16),
});

export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

export const PUSH_SUBSCRIPTION_NOT_USABLE = NOT_USABLE;

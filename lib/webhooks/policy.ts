import "server-only";
import { lookup as dnsLookup } from "node:dns";
import { isIP } from "node:net";
import type { Dispatcher } from "undici";
import { getConfig } from "@/lib/config/env";
import { guardedLookup, RefusedDestinationError, webhookDispatcher, type DestinationPolicy } from "./destination";

// The destination policy of this process (the development switch WEBHOOKS_ALLOW_LOOPBACK) and
// the one guarded dispatcher every webhook delivery goes through
// (docs/decisions/0024-webhook-destinations.md).

export function webhookDestinationPolicy(): DestinationPolicy {
  return { allowLoopback: getConfig().WEBHOOKS_ALLOW_LOOPBACK };
}

const DISPATCHERS = Symbol.for("latchkey.webhookDispatchers");
const shared = globalThis as { [DISPATCHERS]?: Map<boolean, Dispatcher> };

/** One per process (and policy): its connections are reused from one delivery to the next. */
export function webhookDeliveryDispatcher(): Dispatcher {
  const { allowLoopback } = webhookDestinationPolicy();
  const dispatchers = (shared[DISPATCHERS] ??= new Map());
  let dispatcher = dispatchers.get(allowLoopback);
  if (!dispatcher) dispatchers.set(allowLoopback, (dispatcher = webhookDispatcher({ allowLoopback })));
  return dispatcher;
}

/**
 * Resolves a URL's host with the guard's own resolver, as a delivery would, and says why it
 * cannot be used, or null. Run when an endpoint is saved, so a typo or a private name is told
 * at once; every delivery checks again at connect time.
 */
export function destinationProblem(url: URL, policy: DestinationPolicy, resolve: typeof dnsLookup = dnsLookup): Promise<string | null> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An address literal was checked by checkWebhookUrl.
  if (isIP(host)) return Promise.resolve(null);
  return new Promise((settle) => {
    guardedLookup(policy, resolve)(host, { all: true }, (error) => {
      if (!error) return settle(null);
      if (error instanceof RefusedDestinationError) return settle(`${host} resolves to a private or reserved address. Use the public address or name of the receiver.`);
      settle(`The host name ${host} does not resolve. Check the URL for typos.`);
    });
  });
}

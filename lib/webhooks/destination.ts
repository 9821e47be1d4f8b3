import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector } from "undici";

// Where a webhook may be delivered (docs/decisions/0024-webhook-destinations.md). A URL names a
// host, and the host's addresses are what matter: each one is checked at connect time, on
// the addresses the connection will use, so a name that resolves to a public address when it
// is saved and to 10.0.0.1 when it is delivered to (DNS rebinding) is refused all the same.

/** Whether an address is a public unicast address: nothing private, local, shared or reserved. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 is 10.0.0.1 to the socket.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  // Everything ipaddr.js names (loopback, private, linkLocal, carrierGradeNat, multicast,
  // uniqueLocal, reserved, 6to4, teredo, rfc6052…) is refused: several embed an IPv4 address
  // that could be a private one.
  return parsed.range() === "unicast";
}

function isLoopbackAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "loopback";
}

export type DestinationPolicy = {
  /** Development only: http:// and loopback addresses are allowed (a receiver on this machine). */
  allowLoopback: boolean;
};

/** Whether a delivery may connect to this address under the policy. */
export function mayConnectTo(address: string, policy: DestinationPolicy): boolean {
  return isPublicAddress(address) || (policy.allowLoopback && isLoopbackAddress(address));
}

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

const URL_MAX_LENGTH = 2048;

/**
 * A webhook URL as a person types it: https (http only for a loopback receiver under the
 * development switch), no credentials, and a host that is not a refused address literal. Names
 * are checked again, on their addresses, at every delivery.
 */
export function checkWebhookUrl(input: string, policy: DestinationPolicy): WebhookUrlCheck {
  const text = input.trim();
  if (text.length === 0) return { ok: false, message: "Enter the URL that should receive the webhooks." };
  if (text.length > URL_MAX_LENGTH) return { ok: false, message: `The URL is too long: at most ${URL_MAX_LENGTH} characters.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: "Enter a full URL, starting with https://." };
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const loopbackHost = host === "localhost" || isLoopbackAddress(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowLoopback && loopbackHost)) {
    return { ok: false, message: "The URL must start with https://." };
  }
  if (url.username || url.password) return { ok: false, message: "Leave the user name and password out of the URL; each delivery is signed instead." };
  if (isIP(host) && !mayConnectTo(host, policy)) return { ok: false, message: "That address is private or reserved. Use the public address or name of the receiver." };
  if (!isIP(host) && (host === "localhost" || host.endsWith(".localhost")) && !policy.allowLoopback) {
    return { ok: false, message: "That address is private or reserved. Use the public address or name of the receiver." };
  }
  return { ok: true, url };
}

export class RefusedDestinationError extends Error {
  readonly code = "LATCHKEY_REFUSED_DESTINATION";
  constructor(readonly host: string) {
    super(`${host} resolves to an address webhooks may not be sent to`);
  }
}

type Lookup = typeof dnsLookup;
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that resolves as `resolve` does (the system resolver unless a
 * test gives another) and refuses the connection when any address the name has is not one
 * the policy allows, before any connection is tried.
 */
export function guardedLookup(policy: DestinationPolicy, resolve: Lookup = dnsLookup) {
  return (hostname: string, options: { family?: number | string; all?: boolean }, callback: LookupCallback): void => {
    resolve(
      hostname,
      { ...options, all: true } as never,
      ((error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
        if (error) return callback(error, []);
        if (addresses.length === 0 || addresses.some(({ address }) => !mayConnectTo(address, policy))) return callback(new RefusedDestinationError(hostname), []);
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      }) as never,
    );
  };
}

/**
 * Wraps a connector so that an address literal (never looked up, so never seen by
 * guardedLookup) is checked too before `connect` is asked to open anything.
 */
export function guardedConnector(policy: DestinationPolicy, connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    const host = options.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && !mayConnectTo(host, policy)) return callback(new RefusedDestinationError(host), null);
    return connect(options, callback);
  };
}

/**
 * The HTTP dispatcher every webhook delivery goes through: every address checked as above
 * before connecting, and a limit on connecting. Deliveries use undici's `request`, which
 * follows no redirect. `resolve` replaces the system resolver in tests.
 */
export function webhookDispatcher(policy: DestinationPolicy, { connectTimeoutMs = 5_000, resolve }: { connectTimeoutMs?: number; resolve?: Lookup } = {}): Agent {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy, resolve) } as buildConnector.BuildOptions);
  return new Agent({ connect: guardedConnector(policy, connect) });
}

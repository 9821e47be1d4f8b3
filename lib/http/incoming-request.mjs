// What Latchkey's own server (scripts/server.mjs) decides about a request before Next.js sees
// it: which host names it answers to and who the client is. Plain JavaScript so that
// scripts/server.mjs can import it without a build; lib/ code and unit tests import it too.
// No "server-only" marker: scripts/server.mjs runs outside Next.js.
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";

/** The names proxy-addr knows besides addresses and CIDR ranges. */
const TRUSTED_PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * TRUST_PROXY as a list of proxy addresses and ranges (`loopback`, `10.0.0.2`, `10.0.1.0/24`).
 * Unset, empty or `false`: no proxy, the TCP peer is the client. Throws an Error whose message
 * says what to write instead (`true` trusted any client's X-Forwarded-For, so it is refused).
 * @param {string | undefined} value
 * @returns {string[]}
 */
export function parseTrustedProxies(value) {
  const trimmed = (value ?? "").trim();
  if (trimmed === "" || trimmed === "false") return [];
  if (trimmed === "true") {
    throw new Error('must list the proxies\' addresses, not "true": TRUST_PROXY=loopback for a proxy on this machine, or e.g. TRUST_PROXY=10.0.0.2,10.0.1.0/24');
  }
  const entries = trimmed.split(",").map((entry) => entry.trim());
  for (const entry of entries) {
    if (TRUSTED_PROXY_NAMES.has(entry)) continue;
    const [address, prefix, ...rest] = entry.split("/");
    const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128));
    if (!isIP(address ?? "") || !validPrefix || rest.length > 0) {
      throw new Error(`"${entry}" is not an IP address, a CIDR range or loopback (e.g. TRUST_PROXY=loopback,10.0.1.0/24)`);
    }
  }
  return entries;
}

/**
 * The client's address: the TCP peer, or, when the peer is a listed proxy, the rightmost
 * X-Forwarded-For entry that no listed proxy wrote. A client-sent X-Forwarded-For is
 * ignored unless it came through a listed proxy.
 * @param {string[]} trustedProxies from parseTrustedProxies
 * @returns {(request: import("node:http").IncomingMessage) => string}
 */
export function createClientAddressResolver(trustedProxies) {
  const trust = proxyaddr.compile(trustedProxies);
  return (request) => proxyaddr(request, trust);
}

/**
 * 127.0.0.0/8, ::1 and IPv4-mapped 127.x: a client on this very machine.
 * @param {string | null | undefined} address
 */
export function isLoopbackAddress(address) {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return (isIP(v4) === 4 && v4.startsWith("127.")) || address === "::1";
}

/**
 * Whether a URL points at this machine: localhost, 127.0.0.0/8 or [::1].
 * @param {string} url
 */
export function isLoopbackUrl(url) {
  const { hostname } = new URL(url);
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  return isLoopbackAddress(hostname.replace(/^\[|\]$/g, ""));
}

/**
 * Paths answered whatever the Host header says: probes and scrapers call an instance by its
 * address. None of them shows private data; /metrics checks its own caller (lib/operations/metrics.mjs).
 * @type {ReadonlySet<string>}
 */
export const HOST_CHECK_EXEMPT_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Whether a Host header names this machine (localhost, 127.0.0.0/8, [::1], with any port). A
 * DNS-rebinding page always sends its own name, never one of these.
 * @param {string | undefined} hostHeader
 */
export function isLoopbackHostHeader(hostHeader) {
  if (typeof hostHeader !== "string" || hostHeader === "") return false;
  try {
    return isLoopbackUrl(`http://${hostHeader}`);
  } catch {
    return false;
  }
}

/**
 * Whether the request names APP_URL's host (with its port). Anything else is DNS rebinding
 * or a misrouted request: a page on evil.example resolving to this server must not reach it.
 * @param {string | undefined} hostHeader
 * @param {string} appUrl
 */
export function isAppHost(hostHeader, appUrl) {
  return typeof hostHeader === "string" && hostHeader.toLowerCase() === new URL(appUrl).host;
}

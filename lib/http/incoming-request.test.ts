// Who the client is and which host names are answered, as scripts/server.mjs decides it.
/** @see issue 8, items 1 and 8 */
import type { IncomingMessage } from "node:http";
import { expect, test } from "vitest";
import { createClientAddressResolver, isAppHost, isLoopbackAddress, parseTrustedProxies } from "./incoming-request.mjs";

function request(peer: string, forwardedFor?: string): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor };
  return { headers, socket: { remoteAddress: peer }, connection: { remoteAddress: peer } } as unknown as IncomingMessage;
}

test("without TRUST_PROXY a client's X-Forwarded-For is ignored: the TCP peer is the client", () => {
  const clientAddressOf = createClientAddressResolver(parseTrustedProxies(undefined));
  expect(clientAddressOf(request("203.0.113.9", "127.0.0.1"))).toBe("203.0.113.9");
  expect(clientAddressOf(request("127.0.0.1", "198.51.100.7"))).toBe("127.0.0.1");
});

test("X-Forwarded-For counts only when the peer is a listed proxy, and only what listed proxies wrote", () => {
  const clientAddressOf = createClientAddressResolver(parseTrustedProxies("10.0.0.2,10.0.1.0/24"));
  // From a listed proxy: the address it appended.
  expect(clientAddressOf(request("10.0.0.2", "198.51.100.7"))).toBe("198.51.100.7");
  // A spoofed entry before the proxy's own is not believed.
  expect(clientAddressOf(request("10.0.0.2", "127.0.0.1, 198.51.100.7"))).toBe("198.51.100.7");
  // Two listed proxies in a row: the client is the first address neither wrote.
  expect(clientAddressOf(request("10.0.0.2", "198.51.100.7, 10.0.1.5"))).toBe("198.51.100.7");
  // Straight from a client that is not a listed proxy (the port reached directly): ignored.
  expect(clientAddressOf(request("203.0.113.9", "127.0.0.1"))).toBe("203.0.113.9");
  expect(clientAddressOf(request("127.0.0.1", "198.51.100.7"))).toBe("127.0.0.1");
});

test("loopback names a proxy on this machine, IPv4-mapped addresses included", () => {
  const clientAddressOf = createClientAddressResolver(parseTrustedProxies("loopback"));
  expect(clientAddressOf(request("127.0.0.1", "198.51.100.7"))).toBe("198.51.100.7");
  expect(clientAddressOf(request("::ffff:127.0.0.1", "198.51.100.7"))).toBe("198.51.100.7");
  expect(clientAddressOf(request("::1", "2001:db8::7"))).toBe("2001:db8::7");
  expect(clientAddressOf(request("192.0.2.1", "127.0.0.1"))).toBe("192.0.2.1");
});

test.each(["true", " true ", "10.0.0.300", "10.0.0.0/40", "proxy.internal", "10.0.0.1,", "10.0.0.1/8/8"])("TRUST_PROXY=%j is refused", (value) => {
  expect(() => parseTrustedProxies(value)).toThrow();
});

test("isAppHost compares with APP_URL's host and port, nothing else", () => {
  expect(isAppHost("localhost:3000", "http://localhost:3000")).toBe(true);
  expect(isAppHost("LOCALHOST:3000", "http://localhost:3000")).toBe(true);
  expect(isAppHost("id.example.com", "https://id.example.com")).toBe(true);
  expect(isAppHost("evil.example", "http://localhost:3000")).toBe(false);
  expect(isAppHost("127.0.0.1:3000", "http://localhost:3000")).toBe(false);
  expect(isAppHost("localhost:3001", "http://localhost:3000")).toBe(false);
  expect(isAppHost("localhost", "http://localhost:3000")).toBe(false);
  expect(isAppHost(undefined, "http://localhost:3000")).toBe(false);
});

test("loopback addresses", () => {
  for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address), address).toBe(true);
  for (const address of ["10.0.0.1", "::ffff:10.0.0.1", "128.0.0.1", "127.0.0.1.evil", null, ""]) expect(isLoopbackAddress(address), String(address)).toBe(false);
});

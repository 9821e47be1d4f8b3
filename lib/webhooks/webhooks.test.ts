// Where webhooks may go and what they carry. Every connection these tests open goes to a
// receiver on 127.0.0.1; private and public addresses are only ever answered by a resolver
// written here, never connected to.
import type { LookupAddress } from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkWebhookUrl, guardedConnector, guardedLookup, isPublicAddress, RefusedDestinationError, webhookDispatcher } from "./destination";
import { webhookPayload } from "./payload";
import { postWebhook, RESPONSE_BODY_KEPT_BYTES } from "./send";
import { generateSigningSecret, signDelivery } from "./signing";

const production = { allowLoopback: false };
const development = { allowLoopback: true };

const REFUSED = [
  ["loopback", "127.0.0.1"],
  ["loopback, elsewhere in 127/8", "127.3.2.1"],
  ["private 10/8", "10.0.0.1"],
  ["private 172.16/12", "172.16.5.4"],
  ["private 192.168/16", "192.168.1.1"],
  ["link-local (cloud metadata)", "169.254.169.254"],
  ["carrier-grade NAT", "100.64.0.1"],
  ["multicast", "224.0.0.1"],
  ["unspecified", "0.0.0.0"],
  ["broadcast", "255.255.255.255"],
  ["documentation", "192.0.2.10"],
  ["benchmarking", "198.18.0.1"],
  ["IPv6 loopback", "::1"],
  ["IPv6 unspecified", "::"],
  ["IPv6 unique local", "fd12:3456::1"],
  ["IPv6 link-local", "fe80::1"],
  ["IPv6 multicast", "ff02::1"],
  ["IPv4-mapped private", "::ffff:10.0.0.1"],
  ["IPv4-mapped loopback, hex form", "::ffff:7f00:1"],
  ["NAT64 of a private address", "64:ff9b::a00:1"],
  ["6to4 of a private address", "2002:a00:1::1"],
  ["not an address", "example.com"],
] as const;

/** A resolver that answers every name with `addresses`, as dns.lookup would. */
function resolverAnswering(...addresses: string[]) {
  return ((hostname: string, options: unknown, callback: (error: null, addresses: LookupAddress[]) => void) => {
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  }) as never;
}

function lookUp(lookup: ReturnType<typeof guardedLookup>, hostname: string) {
  return new Promise<{ error: Error | null; address: unknown }>((resolve) => lookup(hostname, {}, (error, address) => resolve({ error, address })));
}

describe("which addresses a webhook may reach", () => {
  it.each(REFUSED)("refuses %s (%s)", (_range, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([["93.184.216.34"], ["8.8.8.8"], ["2606:4700:4700::1111"], ["::ffff:93.184.216.34"]])("allows the public address %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each(REFUSED.filter(([, address]) => address.includes(".") && !address.includes("com")))("refuses a name that resolves to %s", async (_range, address) => {
    const { error } = await lookUp(guardedLookup(production, resolverAnswering(address)), "hooks.example.com");
    expect(error).toBeInstanceOf(RefusedDestinationError);
  });

  it("refuses a name when any one of its addresses is private", async () => {
    const { error } = await lookUp(guardedLookup(production, resolverAnswering("93.184.216.34", "10.0.0.1")), "hooks.example.com");
    expect(error).toBeInstanceOf(RefusedDestinationError);
  });

  it("checks every connection, so a name that changes to a private address (DNS rebinding) is refused then", async () => {
    let answers = 0;
    const rebinding = ((hostname: string, options: unknown, callback: (error: null, addresses: LookupAddress[]) => void) => {
      answers += 1;
      callback(null, [{ address: answers === 1 ? "93.184.216.34" : "10.0.0.1", family: 4 }]);
    }) as never;
    const lookup = guardedLookup(production, rebinding);
    expect(checkWebhookUrl("https://rebind.example.com/hook", production).ok).toBe(true);
    expect(await lookUp(lookup, "rebind.example.com")).toEqual({ error: null, address: "93.184.216.34" });
    expect((await lookUp(lookup, "rebind.example.com")).error).toBeInstanceOf(RefusedDestinationError);
  });

  it("refuses an address literal before asking anything to connect", async () => {
    const asked: string[] = [];
    const connector = guardedConnector(production, (options) => asked.push(options.hostname));
    for (const host of ["10.0.0.1", "[::ffff:10.0.0.1]", "169.254.169.254", "[fd00::1]"]) {
      const error = await new Promise((resolve) => connector({ hostname: host, host, protocol: "https:", port: "443" } as never, (...args) => resolve(args[0])));
      expect(error).toBeInstanceOf(RefusedDestinationError);
    }
    expect(asked).toEqual([]);
  });
});

describe("webhook URLs as typed", () => {
  it.each([
    ["", "Enter the URL"],
    ["hooks.example.com/x", "Enter a full URL"],
    ["http://hooks.example.com/x", "must start with https://"],
    ["ftp://hooks.example.com/x", "must start with https://"],
    ["https://user:pass@hooks.example.com/x", "Leave the user name and password out"],
    ["https://10.1.2.3/x", "private or reserved"],
    ["https://[::1]:8443/x", "private or reserved"],
    ["https://localhost/x", "private or reserved"],
    ["http://127.0.0.1:4000/x", "must start with https://"],
    [`https://hooks.example.com/${"a".repeat(2100)}`, "too long"],
  ])("refuses %j", (url, message) => {
    const check = checkWebhookUrl(url, production);
    expect(check.ok).toBe(false);
    expect(check.ok ? "" : check.message).toContain(message);
  });

  it("accepts an https URL with a public name or address", () => {
    expect(checkWebhookUrl(" https://hooks.slack.com/services/T000/B000/XXX ", production).ok).toBe(true);
    expect(checkWebhookUrl("https://93.184.216.34/hook", production).ok).toBe(true);
  });

  it("accepts http://localhost and loopback only under the development switch", () => {
    expect(checkWebhookUrl("http://localhost:4000/hook", development).ok).toBe(true);
    expect(checkWebhookUrl("http://127.0.0.1:4000/hook", development).ok).toBe(true);
    expect(checkWebhookUrl("http://10.0.0.1/hook", development).ok).toBe(false);
  });
});

describe("a delivery to a receiver on this machine", () => {
  const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let receiver: http.Server;
  let port = 0;

  beforeAll(async () => {
    receiver = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        received.push({ path: request.url ?? "", headers: request.headers, body });
        if (request.url === "/redirect") return response.writeHead(302, { Location: "/elsewhere" }).end();
        if (request.url === "/large") return response.writeHead(500).end("x".repeat(10_000));
        if (request.url === "/slow") return setTimeout(() => response.writeHead(200).end("late"), 2_000).unref();
        response.writeHead(200, { "Content-Type": "text/plain" }).end("thanks");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => receiver.close());

  const loopbackName = (policy: { allowLoopback: boolean }) => webhookDispatcher(policy, { resolve: resolverAnswering("127.0.0.1") });

  it("is signed so that the Standard Webhooks reference library verifies it, and a changed body does not", async () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const at = new Date();
    const body = JSON.stringify(webhookPayload({ type: "purchases", message: "Your order shipped.", data: { orderId: "o_1" }, at }));
    const attempt = await postWebhook({
      url: `http://receiver.test:${port}/hook`,
      body,
      headers: signDelivery(secret, "msg_1", at, body),
      dispatcher: loopbackName(development),
      timeoutMs: 5_000,
    });
    expect(attempt).toMatchObject({ ok: true, status: 200, responseBody: "thanks", error: null });
    const delivered = received.at(-1)!;
    const headers = {
      "webhook-id": String(delivered.headers["webhook-id"]),
      "webhook-timestamp": String(delivered.headers["webhook-timestamp"]),
      "webhook-signature": String(delivered.headers["webhook-signature"]),
    };
    expect(new Webhook(secret).verify(delivered.body, headers)).toEqual({
      type: "purchases",
      timestamp: at.toISOString(),
      text: "Your order shipped.",
      content: "Your order shipped.",
      data: { orderId: "o_1" },
    });
    expect(() => new Webhook(secret).verify(delivered.body.replace("shipped", "cancelled"), headers)).toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify(delivered.body, headers)).toThrow();
  });

  it("is refused when the name resolves to loopback without the development switch, and nothing arrives", async () => {
    const before = received.length;
    const attempt = await postWebhook({ url: `https://receiver.test:${port}/hook`, body: "{}", headers: {}, dispatcher: loopbackName(production), timeoutMs: 5_000 });
    expect(attempt).toMatchObject({ ok: false, status: null, error: "The URL resolves to a private or reserved address." });
    const literal = await postWebhook({ url: `http://127.0.0.1:${port}/hook`, body: "{}", headers: {}, dispatcher: webhookDispatcher(production), timeoutMs: 5_000 });
    expect(literal).toMatchObject({ ok: false, status: null, error: "The URL resolves to a private or reserved address." });
    expect(received.length).toBe(before);
  });

  it("does not follow a redirect, keeps only the first kilobyte of an answer, and stops waiting at the timeout", async () => {
    const dispatcher = loopbackName(development);
    const redirected = await postWebhook({ url: `http://receiver.test:${port}/redirect`, body: "{}", headers: {}, dispatcher, timeoutMs: 5_000 });
    expect(redirected).toMatchObject({ ok: false, status: 302 });
    expect(received.some(({ path }) => path === "/elsewhere")).toBe(false);
    const large = await postWebhook({ url: `http://receiver.test:${port}/large`, body: "{}", headers: {}, dispatcher, timeoutMs: 5_000 });
    expect(large).toMatchObject({ ok: false, status: 500 });
    expect(large.responseBody).toHaveLength(RESPONSE_BODY_KEPT_BYTES);
    const slow = await postWebhook({ url: `http://receiver.test:${port}/slow`, body: "{}", headers: {}, dispatcher, timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, status: null, error: "The receiver did not answer in time." });
  });
});

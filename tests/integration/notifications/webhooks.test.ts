// Webhook endpoints and deliveries (issue 11, "Webhooks" and "Delivery"): a notification sent
// through the API reaches a receiver on loopback, signed so the Standard Webhooks reference
// library verifies it; failures are logged and retried on the queue's schedule; an endpoint that
// keeps failing is disabled and its owner emailed; one delivery at a time per endpoint; and
// nobody reaches another person's endpoints or deliveries.
/** @see issue 11, "Webhooks", "Delivery" */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { LookupAddress } from "node:dns";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

// Before any import reads the configuration: the receivers of this file listen on 127.0.0.1.
vi.hoisted(() => {
  process.env.WEBHOOKS_ALLOW_LOOPBACK = "true";
});

import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rollWebhookSecretAction,
  sendTestWebhookAction,
  updateWebhookEndpointAction,
} from "@/app/(settings)/settings/webhooks/actions";
import { exportUserData } from "@/lib/account/export-data";
import { db } from "@/lib/db/client";
import { RATE_LIMITS } from "@/lib/rate-limit/limit";
import { runDueJobs } from "@/lib/jobs/worker";
import {
  DELIVERY_LOG_PAGE_SIZE,
  DISABLE_AFTER_CONSECUTIVE_FAILURES,
  listWebhookDeliveries,
  resendWebhookDelivery,
  sendTestWebhook,
  TEST_EVENT_TYPE,
} from "@/lib/webhooks/deliveries";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  rollWebhookSecret,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
  WEBHOOK_ENDPOINT_LIMIT,
} from "@/lib/webhooks/endpoints";
import { destinationProblem } from "@/lib/webhooks/policy";
import type { NotificationCategory } from "@/lib/notifications/categories";
import { createSignedInUser, mailsTo, stepUpWithPassword, testContext } from "../../fixtures/builders";
import { advanceClock } from "../../fixtures/clock";
import { callApi, organizationWithKey } from "../rest-api/api-builders";

const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;
const DAY = 24 * HOUR;
const ALL_BUT_NEWSLETTER: NotificationCategory[] = ["security", "purchases", "auto_top_up", "organization", "agent_checkpoints"];

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/**
 * A webhook receiver on 127.0.0.1. Each path answers with the status its test sets (200 by
 * default), after `holdMs` when set; it records every request and the most it ever had open at once.
 */
class Receiver {
  readonly received: Received[] = [];
  readonly statusFor = new Map<string, number>();
  holdMs = 0;
  open = 0;
  mostOpen = 0;
  private server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      this.open += 1;
      this.mostOpen = Math.max(this.mostOpen, this.open);
      this.received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = () => {
        this.open -= 1;
        const status = this.statusFor.get(request.url ?? "") ?? 200;
        response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok, thanks" : `receiver broken: ${"x".repeat(2000)}`);
      };
      if (this.holdMs > 0) setTimeout(answer, this.holdMs);
      else answer();
    });
  });
  origin = "";

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  at(path: string): Received[] {
    return this.received.filter((request) => request.path === path);
  }
}

const receiver = new Receiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

let pathSequence = 0;
/** A path of the receiver of one endpoint of one test. */
function receiverPath(): string {
  pathSequence += 1;
  return `/hook-${pathSequence}`;
}

async function endpointFor(userId: string, path = receiverPath(), categories: NotificationCategory[] = ALL_BUT_NEWSLETTER) {
  const created = await createWebhookEndpoint(userId, { url: `${receiver.origin}${path}`, description: "Test receiver", categories }, testContext(), { steppedUp: true });
  return { ...created, path };
}

/** What a server action sees of a request from the settings page. */
const ACTION_HEADERS = new Headers({ origin: "http://localhost:3000", host: "localhost:3000" });

/** A form as the page posts it. */
function formOf(fields: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.set(name, value);
  return formData;
}

/** Checks a received request as a receiver would, with the reference library; returns the parsed payload. */
function verified(request: Received, secret: string): Record<string, unknown> {
  const headers = {
    "webhook-id": String(request.headers["webhook-id"]),
    "webhook-timestamp": String(request.headers["webhook-timestamp"]),
    "webhook-signature": String(request.headers["webhook-signature"]),
  };
  return new Webhook(secret).verify(request.body, headers) as Record<string, unknown>;
}

async function notify(key: string, userId: string, overrides: Record<string, unknown> = {}) {
  const response = await callApi("/notifications", {
    key,
    method: "POST",
    body: {
      recipient: { userId },
      category: "purchases",
      title: "Your receipt for order 1042",
      body: "We received your payment of €20.00.",
      url: "/settings/profile",
      ...overrides,
    },
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { id: string; channels: Record<string, string> };
}

async function webhookState(notificationId: string): Promise<string | undefined> {
  return (await db.notificationDelivery.findFirst({ where: { notificationId, channel: "webhook" }, select: { state: true } }))?.state;
}

/** After the first delivery attempt fails, the retry comes 5 s (±20%) later. */
const FIRST_RETRY_AT_THE_LATEST = 6 * SECOND + 1;

describe("a notification reaches its person's endpoints", () => {
  test("sent through the API → one signed delivery per enabled endpoint of the category → verified with standardwebhooks → delivered and 'sent'", async () => {
    const { key, people } = await organizationWithKey(["owner", "member"]);
    const member = people[1]!;
    const purchases = await endpointFor(member.userId, receiverPath(), ["purchases"]);
    const securityOnly = await endpointFor(member.userId, receiverPath(), ["security"]);
    const disabled = await endpointFor(member.userId);
    await setWebhookEndpointEnabled(member.userId, disabled.id, false, testContext());

    const sent = await notify(key, member.userId);
    expect(sent.channels.webhook).toBe("pending");
    await runDueJobs();

    expect(receiver.at(securityOnly.path)).toEqual([]);
    expect(receiver.at(disabled.path)).toEqual([]);
    const [request] = receiver.at(purchases.path);
    const payload = verified(request!, purchases.secret);
    const link = `${process.env.APP_URL}/settings/profile`;
    expect(payload).toMatchObject({
      type: "notification.purchases",
      text: `Your receipt for order 1042\nWe received your payment of €20.00.\n${link}`,
      content: `Your receipt for order 1042\nWe received your payment of €20.00.\n${link}`,
      data: { notificationId: sent.id, category: "purchases", title: "Your receipt for order 1042", body: "We received your payment of €20.00.", url: link },
    });
    expect(Date.parse(payload.timestamp as string)).not.toBeNaN();
    expect(request!.headers["content-type"]).toBe("application/json");
    // A changed body does not verify.
    expect(() => verified({ ...request!, body: request!.body.replace("1042", "1043") }, purchases.secret)).toThrow();

    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { notificationId: sent.id } });
    expect(request!.headers["webhook-id"]).toBe(delivery.id);
    expect(delivery).toMatchObject({ endpointId: purchases.id, state: "delivered", attempts: 1, lastStatus: 200, payload: request!.body });
    expect(await db.webhookAttempt.findMany({ where: { deliveryId: delivery.id }, select: { attempt: true, status: true, responseBody: true, error: true } })).toEqual([
      { attempt: 1, status: 200, responseBody: "ok, thanks", error: null },
    ]);
    expect(await webhookState(sent.id)).toBe("sent");
    // The secret is kept encrypted, never as it was shown.
    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: purchases.id }, select: { secretCiphertext: true } });
    expect(stored.secretCiphertext).not.toContain(purchases.secret.slice("whsec_".length, 20));
  });

  test("no enabled endpoint for the category: 'not_configured'; the Webhook switch off: 'skipped'", async () => {
    const { key, people } = await organizationWithKey(["owner", "member", "member"]);
    const [, withSecurityOnly, switchedOff] = people;
    await endpointFor(withSecurityOnly!.userId, receiverPath(), ["security"]);
    const off = await endpointFor(switchedOff!.userId);
    await db.notificationPreference.create({ data: { userId: switchedOff!.userId, category: "purchases", channel: "webhook", enabled: false } });

    expect((await notify(key, withSecurityOnly!.userId)).channels.webhook).toBe("not_configured");
    expect((await notify(key, switchedOff!.userId)).channels.webhook).toBe("skipped");
    await runDueJobs();
    expect(receiver.at(off.path)).toEqual([]);
  });
});

describe("failures, retries and the delivery log", () => {
  test("a receiver answering 500: the attempt is logged with the first kilobyte of its answer, retried after the first delay, then delivered", async () => {
    const { key, people } = await organizationWithKey(["owner", "member"]);
    const member = people[1]!;
    const endpoint = await endpointFor(member.userId);
    receiver.statusFor.set(endpoint.path, 500);

    const sent = await notify(key, member.userId);
    await runDueJobs();
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { notificationId: sent.id } });
    expect(delivery).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500 });
    const [failed] = await db.webhookAttempt.findMany({ where: { deliveryId: delivery.id } });
    expect(failed).toMatchObject({ attempt: 1, status: 500, error: null });
    expect(failed!.responseBody).toHaveLength(1024);
    expect(await webhookState(sent.id)).toBe("pending");
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, select: { consecutiveFailures: true, failingSince: true } })).toMatchObject({
      consecutiveFailures: 1,
      failingSince: failed!.at,
    });

    // Not due yet: nothing runs.
    expect(await runDueJobs()).toBe(0);
    receiver.statusFor.set(endpoint.path, 200);
    advanceClock(FIRST_RETRY_AT_THE_LATEST);
    expect(await runDueJobs()).toBe(1);

    const requests = receiver.at(endpoint.path);
    expect(requests).toHaveLength(2);
    // The same message: the same webhook-id, each try signed afresh.
    expect(new Set(requests.map((request) => request.headers["webhook-id"]))).toEqual(new Set([delivery.id]));
    for (const request of requests) verified(request, endpoint.secret);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ state: "delivered", attempts: 2, lastStatus: 200 });
    expect(await webhookState(sent.id)).toBe("sent");
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, select: { consecutiveFailures: true, failingSince: true } })).toEqual({
      consecutiveFailures: 0,
      failingSince: null,
    });

    const log = await listWebhookDeliveries(member.userId, endpoint.id);
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]!.attempts.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [2, 200],
      [1, 500],
    ]);
  });

  test("a receiver that never answers well: every retry of the schedule, then the delivery and the notification's webhook channel fail", async () => {
    const { key, people } = await organizationWithKey(["owner", "member"]);
    const member = people[1]!;
    const endpoint = await endpointFor(member.userId);
    receiver.statusFor.set(endpoint.path, 503);
    const sent = await notify(key, member.userId);
    await runDueJobs();
    // 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, each ±20%.
    for (const delay of [5 * SECOND, 5 * 60 * SECOND, 30 * 60 * SECOND, 2 * HOUR, 5 * HOUR, 10 * HOUR]) {
      advanceClock(Math.ceil(delay * 1.2) + 1);
      expect(await runDueJobs()).toBe(1);
    }
    expect(receiver.at(endpoint.path)).toHaveLength(7);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { notificationId: sent.id } })).toMatchObject({ state: "failed", attempts: 7, lastStatus: 503 });
    expect(await webhookState(sent.id)).toBe("failed");
    // 7 failures in under a day: still enabled.
    expect(await getWebhookEndpoint(member.userId, endpoint.id)).toMatchObject({ status: { state: "enabled" }, consecutiveFailures: 7 });

    // "Resend": the same delivery again, with its webhook-id, once the receiver is fixed.
    receiver.statusFor.set(endpoint.path, 200);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { notificationId: sent.id } });
    await resendWebhookDelivery(member.userId, delivery.id);
    await expect(resendWebhookDelivery(member.userId, delivery.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await runDueJobs();
    expect(receiver.at(endpoint.path).at(-1)!.headers["webhook-id"]).toBe(delivery.id);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ state: "delivered", attempts: 8 });
    expect(await webhookState(sent.id)).toBe("sent");
  });

  test("an unreachable receiver is logged as no answer, with the reason", async () => {
    const user = await createSignedInUser();
    const closed = new Receiver();
    await closed.start();
    const endpoint = await createWebhookEndpoint(user.userId, { url: `${closed.origin}/gone`, description: "", categories: ["security"] }, testContext(), { steppedUp: true });
    await closed.stop();
    await sendTestWebhook(user.userId, endpoint.id);
    await runDueJobs();
    const [attempt] = await db.webhookAttempt.findMany({ where: { endpointId: endpoint.id } });
    expect(attempt).toMatchObject({ status: null, error: "The receiver refused the connection.", responseBody: "" });
    // Its retries would run on into the next tests.
    await deleteWebhookEndpoint(user.userId, endpoint.id, testContext());
  });
});

describe("an endpoint that keeps failing is disabled and its owner emailed", () => {
  test(`${DISABLE_AFTER_CONSECUTIVE_FAILURES} failures in a row: disabled, security log, one email; its queued retries are refused; enabling starts afresh`, async () => {
    const user = await createSignedInUser();
    const endpoint = await endpointFor(user.userId);
    receiver.statusFor.set(endpoint.path, 500);
    for (let index = 0; index < DISABLE_AFTER_CONSECUTIVE_FAILURES + 1; index += 1) await sendTestWebhook(user.userId, endpoint.id);
    await runDueJobs();

    // One at a time: the 15th failure disabled it, and the 16th message was never sent.
    expect(receiver.at(endpoint.path)).toHaveLength(DISABLE_AFTER_CONSECUTIVE_FAILURES);
    const disabled = await getWebhookEndpoint(user.userId, endpoint.id);
    expect(disabled).toMatchObject({ status: { state: "disabled", reason: "failing" }, consecutiveFailures: DISABLE_AFTER_CONSECUTIVE_FAILURES });
    const mails = (await mailsTo(user.email)).filter((mail) => mail.subject === `Your webhook endpoint at ${new URL(receiver.origin).host} was disabled`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.textBody).toContain(`/settings/webhooks/${endpoint.id}`);
    expect(await db.auditEvent.count({ where: { userId: user.userId, action: "webhook_endpoint.disabled" } })).toBe(1);

    // The retries queued before it was disabled come due and are refused: nothing more is sent.
    advanceClock(FIRST_RETRY_AT_THE_LATEST);
    await runDueJobs();
    expect(receiver.at(endpoint.path)).toHaveLength(DISABLE_AFTER_CONSECUTIVE_FAILURES);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id, state: { not: "failed" } } })).toBe(0);
    await expect(sendTestWebhook(user.userId, endpoint.id)).rejects.toMatchObject({ code: "CONFLICT" });

    await setWebhookEndpointEnabled(user.userId, endpoint.id, true, testContext());
    expect(await getWebhookEndpoint(user.userId, endpoint.id)).toMatchObject({ status: { state: "enabled" }, consecutiveFailures: 0, failingSince: null });
    receiver.statusFor.set(endpoint.path, 200);
    await sendTestWebhook(user.userId, endpoint.id);
    await runDueJobs();
    expect(receiver.at(endpoint.path)).toHaveLength(DISABLE_AFTER_CONSECUTIVE_FAILURES + 1);
  });

  test("failing for 5 days, with fewer failures than that: disabled at the first failure past 5 days", async () => {
    const user = await createSignedInUser();
    const endpoint = await endpointFor(user.userId);
    receiver.statusFor.set(endpoint.path, 500);
    await sendTestWebhook(user.userId, endpoint.id);
    await runDueJobs();
    // Its six retries, each at most 12 hours after the one before.
    for (let step = 0; step < 6; step += 1) {
      advanceClock(12 * HOUR);
      await runDueJobs();
    }
    expect(await getWebhookEndpoint(user.userId, endpoint.id)).toMatchObject({ status: { state: "enabled" }, consecutiveFailures: 7 });
    // Day 4: a new message fails too; its failures began 4 days ago.
    advanceClock(DAY);
    await sendTestWebhook(user.userId, endpoint.id);
    await runDueJobs();
    expect(await getWebhookEndpoint(user.userId, endpoint.id)).toMatchObject({ status: { state: "enabled" }, consecutiveFailures: 8 });
    // Day 5: its retry fails, 5 days after the first failure.
    advanceClock(DAY);
    await runDueJobs();
    const endpointNow = await getWebhookEndpoint(user.userId, endpoint.id);
    expect(endpointNow.status).toMatchObject({ state: "disabled", reason: "failing" });
    expect(endpointNow.consecutiveFailures).toBeLessThan(DISABLE_AFTER_CONSECUTIVE_FAILURES);
    expect((await mailsTo(user.email)).filter((mail) => mail.subject.endsWith("was disabled"))).toHaveLength(1);
  });
});

describe("one delivery at a time per endpoint", () => {
  test("two deliveries to one slow endpoint never overlap, even with two workers; two endpoints are served at once", async () => {
    const user = await createSignedInUser();
    const slow = new Receiver();
    await slow.start();
    slow.holdMs = 300;
    try {
      const one = await createWebhookEndpoint(user.userId, { url: `${slow.origin}/one`, description: "", categories: ["security"] }, testContext(), { steppedUp: true });
      await sendTestWebhook(user.userId, one.id);
      await sendTestWebhook(user.userId, one.id);
      await sendTestWebhook(user.userId, one.id);
      // Two workers (two instances) at once.
      await Promise.all([runDueJobs(), runDueJobs()]);
      expect(slow.at("/one")).toHaveLength(3);
      expect(slow.mostOpen).toBe(1);

      const two = await createWebhookEndpoint(user.userId, { url: `${slow.origin}/two`, description: "", categories: ["security"] }, testContext(), { steppedUp: true });
      slow.mostOpen = 0;
      await sendTestWebhook(user.userId, one.id);
      await sendTestWebhook(user.userId, two.id);
      await runDueJobs();
      expect(slow.mostOpen).toBe(2);
    } finally {
      await slow.stop();
    }
  });
});

describe("managing endpoints", () => {
  test("the URL is checked when saved: https only (http only for loopback under the development switch), no private address or name", async () => {
    const user = await createSignedInUser();
    const refused: [string, string][] = [
      ["http://hooks.example.com/x", "The URL must start with https://."],
      ["https://10.0.0.5/hook", "That address is private or reserved. Use the public address or name of the receiver."],
      ["https://[fd00::1]/hook", "That address is private or reserved. Use the public address or name of the receiver."],
      ["https://user:pass@hooks.example.com/x", "Leave the user name and password out of the URL; each delivery is signed instead."],
      ["not a url", "Enter a full URL, starting with https://."],
    ];
    for (const [url, message] of refused) {
      await expect(createWebhookEndpoint(user.userId, { url, description: "", categories: ["security"] }, testContext(), { steppedUp: true }), url).rejects.toMatchObject({
        code: "INVALID_INPUT",
        fieldErrors: { url: [message] },
      });
    }
    expect(await db.webhookEndpoint.count({ where: { userId: user.userId } })).toBe(0);

    // The guard's resolver, as at delivery: a name with a private address, a name that does not resolve.
    const answering =
      (...addresses: string[]) =>
      (_host: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) =>
        callback(
          null,
          addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
        );
    const failing = (_host: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) =>
      callback(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }), []);
    const production = { allowLoopback: false };
    expect(await destinationProblem(new URL("https://hooks.example.com/x"), production, answering("93.184.215.14", "10.1.2.3") as never)).toBe(
      "hooks.example.com resolves to a private or reserved address. Use the public address or name of the receiver.",
    );
    expect(await destinationProblem(new URL("https://localhost.example/x"), production, answering("127.0.0.1") as never)).toMatch(/private or reserved/);
    expect(await destinationProblem(new URL("https://hooks.example.com/x"), production, failing as never)).toBe(
      "The host name hooks.example.com does not resolve. Check the URL for typos.",
    );
    expect(await destinationProblem(new URL("https://hooks.example.com/x"), production, answering("93.184.215.14") as never)).toBeNull();
  });

  test(`at most ${WEBHOOK_ENDPOINT_LIMIT} endpoints per person; update, roll secret and delete are recorded in the security log`, async () => {
    const user = await createSignedInUser();
    const endpoints = [];
    for (let index = 0; index < WEBHOOK_ENDPOINT_LIMIT; index += 1) endpoints.push(await endpointFor(user.userId));
    await expect(endpointFor(user.userId)).rejects.toMatchObject({ code: "CONFLICT" });

    const first = endpoints[0]!;
    await updateWebhookEndpoint(user.userId, first.id, { url: `${receiver.origin}${first.path}`, description: "Renamed", categories: ["organization"] }, testContext(), {
      steppedUp: false,
    });
    expect(await getWebhookEndpoint(user.userId, first.id)).toMatchObject({ description: "Renamed", categories: ["organization"] });

    // Rolling: the next delivery verifies with the new secret only.
    const secret = await rollWebhookSecret(user.userId, first.id, testContext());
    expect(secret).toMatch(/^whsec_/);
    await sendTestWebhook(user.userId, first.id);
    await runDueJobs();
    const request = receiver.at(first.path).at(-1)!;
    expect(verified(request, secret)).toMatchObject({ type: TEST_EVENT_TYPE, text: expect.stringContaining("test"), content: expect.stringContaining("test") });
    expect(() => verified(request, first.secret)).toThrow();

    await deleteWebhookEndpoint(user.userId, first.id, testContext());
    expect(await db.webhookDelivery.count({ where: { endpointId: first.id } })).toBe(0);
    const actions = (await db.auditEvent.findMany({ where: { userId: user.userId, action: { startsWith: "webhook_endpoint." } }, select: { action: true, metadata: true } })).map(
      (event) => event.action,
    );
    expect(actions.filter((action) => action === "webhook_endpoint.created")).toHaveLength(WEBHOOK_ENDPOINT_LIMIT);
    expect(actions).toEqual(expect.arrayContaining(["webhook_endpoint.updated", "webhook_endpoint.secret_rolled", "webhook_endpoint.deleted"]));
    // The log names the host only: Slack and Discord URLs carry their secret in the path.
    const logged = await db.auditEvent.findFirstOrThrow({ where: { userId: user.userId, action: "webhook_endpoint.created" } });
    expect(JSON.parse(logged.metadata)).toEqual({ webhookEndpointId: expect.any(String), host: new URL(receiver.origin).host });
  });

  test("the delivery log pages by cursor, newest first; the data download lists the endpoints without their secrets", async () => {
    const user = await createSignedInUser();
    const endpoint = await endpointFor(user.userId);
    const total = DELIVERY_LOG_PAGE_SIZE + 3;
    for (let index = 0; index < total; index += 1) {
      await sendTestWebhook(user.userId, endpoint.id);
      advanceClock(SECOND);
    }
    await runDueJobs();
    const first = await listWebhookDeliveries(user.userId, endpoint.id);
    expect(first.deliveries).toHaveLength(DELIVERY_LOG_PAGE_SIZE);
    expect(first.nextCursor).not.toBeNull();
    const second = await listWebhookDeliveries(user.userId, endpoint.id, first.nextCursor!);
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.deliveries).toHaveLength(3);
    const all = [...first.deliveries, ...second.deliveries];
    expect(new Set(all.map((delivery) => delivery.id)).size).toBe(total);
    const times = all.map((delivery) => delivery.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // A cursor of another endpoint's delivery is no cursor: the first page.
    expect((await listWebhookDeliveries(user.userId, endpoint.id, "cmissing00000000000000001")).deliveries[0]!.id).toBe(first.deliveries[0]!.id);

    const data = await exportUserData(await stepUpWithPassword(user.token, user.password), testContext());
    expect(data.webhookEndpoints).toEqual([
      { url: `${receiver.origin}${endpoint.path}`, description: "Test receiver", categories: ALL_BUT_NEWSLETTER, enabled: true, disabledReason: null, createdAt: expect.any(Date) },
    ]);
    expect(JSON.stringify(data)).not.toContain(endpoint.secret);
  });

  test("another person's endpoint or delivery is Not Found, for every function and action, and nothing changes", async () => {
    const owner = await createSignedInUser();
    const intruder = await createSignedInUser();
    const endpoint = await endpointFor(owner.userId);
    await sendTestWebhook(owner.userId, endpoint.id);
    await runDueJobs();
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    const input = { url: "https://hooks.example.net/stolen", description: "", categories: ["security" as const] };

    const attempts: (() => Promise<unknown>)[] = [
      () => getWebhookEndpoint(intruder.userId, endpoint.id),
      () => listWebhookDeliveries(intruder.userId, endpoint.id),
      () => updateWebhookEndpoint(intruder.userId, endpoint.id, { ...input, url: `${receiver.origin}/stolen` }, testContext(), { steppedUp: true }),
      () => setWebhookEndpointEnabled(intruder.userId, endpoint.id, false, testContext()),
      () => rollWebhookSecret(intruder.userId, endpoint.id, testContext()),
      () => deleteWebhookEndpoint(intruder.userId, endpoint.id, testContext()),
      () => sendTestWebhook(intruder.userId, endpoint.id),
      () => resendWebhookDelivery(intruder.userId, delivery.id),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Stepped up, so that rolling the secret and a new URL get as far as looking for the endpoint.
    const steppedUp = { ...intruder.session, stepUpAt: new Date() };
    for (const action of [deleteWebhookEndpointAction, rollWebhookSecretAction, sendTestWebhookAction]) {
      expect(await action.run({ headers: ACTION_HEADERS, session: steppedUp }, formOf({ endpointId: endpoint.id }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    }
    expect(
      await updateWebhookEndpointAction.run(
        { headers: ACTION_HEADERS, session: steppedUp },
        formOf({ endpointId: endpoint.id, url: `${receiver.origin}/stolen`, categories: "security" }),
      ),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await resendWebhookDeliveryAction.run({ headers: ACTION_HEADERS, session: intruder.session }, formOf({ deliveryId: delivery.id }))).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });

    expect(await getWebhookEndpoint(owner.userId, endpoint.id)).toMatchObject({ url: `${receiver.origin}${endpoint.path}`, status: { state: "enabled" } });
    expect(receiver.at(endpoint.path)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { userId: intruder.userId, action: { startsWith: "webhook_endpoint." } } })).toBe(0);
  });

  test("rolling a signing secret asks for step-up first, and without it the secret stays", async () => {
    const user = await createSignedInUser();
    const endpoint = await endpointFor(user.userId);
    const before = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    const form = new FormData();
    form.set("endpointId", endpoint.id);

    expect(await rollWebhookSecretAction.run({ headers: ACTION_HEADERS, session: user.session }, form)).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toEqual(before);

    const rolled = await rollWebhookSecretAction.run({ headers: ACTION_HEADERS, session: { ...user.session, stepUpAt: new Date() } }, form);
    expect(rolled).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/) } });
    expect(rolled.ok && rolled.data.secret).not.toBe(endpoint.secret);
  });

  test("adding an endpoint or giving one a new URL asks for step-up first, and without it nothing changes; its description and categories do not", async () => {
    const user = await createSignedInUser();
    const endpoint = await endpointFor(user.userId);
    const steppedUp = { ...user.session, stepUpAt: new Date() };
    const added = formOf({ url: `${receiver.origin}/added`, description: "Added", categories: "security" });

    // A URL that would be refused is told before step-up is asked for.
    expect(
      await createWebhookEndpointAction.run({ headers: ACTION_HEADERS, session: user.session }, formOf({ url: "http://hooks.example.com/x", categories: "security" })),
    ).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { url: ["The URL must start with https://."] },
    });
    expect(await createWebhookEndpointAction.run({ headers: ACTION_HEADERS, session: user.session }, added)).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(await db.webhookEndpoint.count({ where: { userId: user.userId } })).toBe(1);
    expect(await createWebhookEndpointAction.run({ headers: ACTION_HEADERS, session: steppedUp }, added)).toMatchObject({ ok: true, data: { url: `${receiver.origin}/added` } });

    const before = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    const moved = formOf({ endpointId: endpoint.id, url: `${receiver.origin}/moved`, description: "Moved", categories: "security" });
    expect(await updateWebhookEndpointAction.run({ headers: ACTION_HEADERS, session: user.session }, moved)).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toEqual(before);

    const renamed = formOf({ endpointId: endpoint.id, url: endpoint.url, description: "Renamed", categories: "organization" });
    expect(await updateWebhookEndpointAction.run({ headers: ACTION_HEADERS, session: user.session }, renamed)).toMatchObject({ ok: true });
    expect(await getWebhookEndpoint(user.userId, endpoint.id)).toMatchObject({ url: endpoint.url, description: "Renamed", categories: ["organization"] });

    expect(await updateWebhookEndpointAction.run({ headers: ACTION_HEADERS, session: steppedUp }, moved)).toMatchObject({ ok: true });
    expect(await getWebhookEndpoint(user.userId, endpoint.id)).toMatchObject({ url: `${receiver.origin}/moved`, description: "Moved" });
    const actions = await db.auditEvent.findMany({ where: { userId: user.userId, action: { startsWith: "webhook_endpoint." } }, select: { action: true } });
    expect(actions.map((event) => event.action).sort()).toEqual(["webhook_endpoint.created", "webhook_endpoint.created", "webhook_endpoint.updated", "webhook_endpoint.updated"]);
  });

  test("Send test and Resend share a budget per person: past it, refused with the wait, nothing queued", async () => {
    const user = await createSignedInUser();
    const endpoint = await endpointFor(user.userId);
    const form = new FormData();
    form.set("endpointId", endpoint.id);
    const budget = RATE_LIMITS["webhook-sends:user"].points;
    for (let index = 0; index < budget; index += 1) {
      expect(await sendTestWebhookAction.run({ headers: ACTION_HEADERS, session: user.session }, form)).toMatchObject({ ok: true });
    }
    expect(await sendTestWebhookAction.run({ headers: ACTION_HEADERS, session: user.session }, form)).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes?\.$/),
    });
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(budget);
    // Its queued messages would run on into the next tests.
    await deleteWebhookEndpoint(user.userId, endpoint.id, testContext());
  });

  test("a disabled endpoint receives nothing: a notification skips it, and a delivery queued before it was disabled is refused", async () => {
    const { key, people } = await organizationWithKey(["owner", "member"]);
    const member = people[1]!;
    const endpoint = await endpointFor(member.userId);
    const queued = await notify(key, member.userId);
    await setWebhookEndpointEnabled(member.userId, endpoint.id, false, testContext());
    const later = await notify(key, member.userId);
    expect(later.channels.webhook).toBe("not_configured");
    await runDueJobs();
    expect(receiver.at(endpoint.path)).toEqual([]);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { notificationId: queued.id } })).toMatchObject({ state: "failed", attempts: 0 });
    expect(await webhookState(queued.id)).toBe("failed");
  });
});

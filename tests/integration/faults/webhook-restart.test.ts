// Latchkey is killed (SIGKILL) while its job worker delivers 40 webhook messages to 4 endpoints
// of a slow receiver, then started again on the same database. Every message arrives and is
// recorded delivered; a message the dead worker was sending may arrive twice, with the same
// webhook-id, so a receiver that keeps the ids it handled acts on each exactly once. At most one
// per endpoint can be under way at the kill (one delivery at a time per endpoint).
/** @see issue 11, "Delivery" */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, test } from "vitest";
import { encryptSecret } from "@/lib/crypto/encryption";
import { generateSigningSecret } from "@/lib/webhooks/signing";
import { uniqueEmail } from "../../fixtures/builders";
import { advanceClockWeeks } from "../../fixtures/clock";
import { databaseClient } from "../../setup/database-client";
import { eventually } from "../../setup/eventually";
import { startLatchkeyServer, type LatchkeyServer } from "../../setup/latchkey-server";
import { resetDatabase } from "../../setup/reset-database.mjs";
import { separateTestDatabaseUrl } from "../../setup/test-database-url.mjs";

const ENDPOINTS = 4;
const MESSAGES_PER_ENDPOINT = 10;
const MESSAGES = ENDPOINTS * MESSAGES_PER_ENDPOINT;
const RECEIVED_BEFORE_THE_KILL = 8;
/** How long the receiver takes to answer, so the kill finds deliveries under way. */
const ANSWER_DELAY_MS = 100;

const databaseUrl = separateTestDatabaseUrl("webhook_restart");
let server: LatchkeyServer | undefined;
let receiver: Server;
let receiverOrigin: string;
const received: { path: string; id: string; timestamp: string; signature: string; body: string }[] = [];

beforeAll(async () => {
  // Earlier test files may have left this process's clock weeks ahead of the real one, and the
  // servers started here must start at its time, not reach it by jumps that end their leases.
  advanceClockWeeks(9);
  await resetDatabase(databaseUrl);
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        id: String(request.headers["webhook-id"]),
        timestamp: String(request.headers["webhook-timestamp"]),
        signature: String(request.headers["webhook-signature"]),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      setTimeout(() => response.writeHead(200).end("ok"), ANSWER_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server?.stop("SIGKILL");
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
});

// The test seals the endpoints' secrets with its own ENCRYPTION_KEY: the server gets the same one.
const serverEnv = () => ({ LATCHKEY_TEST_CLOCK: "true", WEBHOOKS_ALLOW_LOOPBACK: "true", ENCRYPTION_KEY: process.env.ENCRYPTION_KEY! });

test("kill -9 while delivering webhooks: after the restart every message arrives, duplicates carry the same webhook-id, and every delivery is recorded delivered", async () => {
  const check = databaseClient(databaseUrl);
  try {
    const user = await check.user.create({ data: { email: uniqueEmail("webhook-restart"), firstName: "Hook", lastName: "Tester" } });
    const secrets = new Map<string, string>();
    const deliveryIds: string[] = [];
    for (let endpointIndex = 0; endpointIndex < ENDPOINTS; endpointIndex += 1) {
      const id = `restart-endpoint-${endpointIndex}-${Date.now()}`;
      const secret = generateSigningSecret();
      secrets.set(`/endpoint-${endpointIndex}`, secret);
      await check.webhookEndpoint.create({
        data: { id, userId: user.id, url: `${receiverOrigin}/endpoint-${endpointIndex}`, categories: JSON.stringify(["purchases"]), secretCiphertext: encryptSecret(secret, id) },
      });
      // What queueNotificationDeliveries writes for a webhook: the message, and its job keyed by the endpoint.
      for (let index = 0; index < MESSAGES_PER_ENDPOINT; index += 1) {
        const payload = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), text: `Message ${index}`, content: `Message ${index}`, data: {} });
        const delivery = await check.webhookDelivery.create({ data: { endpointId: id, type: "webhook.test", payload } });
        deliveryIds.push(delivery.id);
        // Due at once by the server's clock: this process's test clock may be days ahead of it.
        await check.job.create({ data: { kind: "webhook.deliver", payload: JSON.stringify({ deliveryId: delivery.id }), serialKey: id, runAt: new Date(0) } });
      }
    }

    server = await startLatchkeyServer(databaseUrl, { env: serverEnv() });
    await eventually(async () => received.length >= RECEIVED_BEFORE_THE_KILL, `${RECEIVED_BEFORE_THE_KILL} deliveries arrive`);
    await server.stop("SIGKILL");
    // The kill cut the work short: the test proves nothing if every message had gone.
    expect(new Set(received.map((request) => request.id)).size).toBeLessThan(MESSAGES);
    expect(await check.job.count({ where: { lockedUntil: { not: null } } })).toBeGreaterThan(0);

    // The dead worker's leases run out, as JOB_LEASE_MS after the kill would. They end here, in
    // the database, not by moving the new server's clock: that would also end at once the leases
    // the new server had just taken, and it would run those jobs twice.
    await check.job.updateMany({ where: { lockedUntil: { not: null } }, data: { lockedUntil: new Date(0) } });
    server = await startLatchkeyServer(databaseUrl, { env: serverEnv() });
    await eventually(async () => (await check.job.count()) === 0, "the queue empties");

    expect(new Set(received.map((request) => request.id))).toEqual(new Set(deliveryIds));
    expect(received.length - MESSAGES).toBeLessThanOrEqual(ENDPOINTS);
    // Each request is signed with its endpoint's secret, as the reference library checks it.
    for (const request of received) {
      const headers = { "webhook-id": request.id, "webhook-timestamp": request.timestamp, "webhook-signature": request.signature };
      expect(() => new Webhook(secrets.get(request.path)!).verify(request.body, headers)).not.toThrow();
    }
    expect(await check.webhookDelivery.groupBy({ by: ["state"], _count: { _all: true } })).toEqual([{ state: "delivered", _count: { _all: MESSAGES } }]);
  } finally {
    await check.$disconnect();
  }
});

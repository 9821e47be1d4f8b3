// Keys and calls for the /api/v1 tests: keys are made by the domain function the pages use,
// calls go over loopback HTTP to the request listener scripts/server.mjs uses (rest-api/handler.ts),
// each from its own client address.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { forgetApiKey } from "@/lib/api-keys/key-cache";
import type { ApiKeyEnvironment } from "@/lib/api-keys/key-format";
import type { ApiKeyAccess } from "@/lib/api-keys/schemas";
import { db } from "@/lib/db/client";
import { requireMember } from "@/lib/organizations/member";
import { handleRestApiRequest } from "@/rest-api/handler";
import { testContext } from "../../fixtures/builders";
import { createOrganization, type Person } from "../organizations/members-builders";

let sequence = 0;
// A documentation-range address per call site, so the per-address failure limit of one test never bites another.
const PREFIX = `2001:db8:a${randomBytes(1).toString("hex")}:${randomBytes(2).toString("hex")}`;

export function clientAddress(): string {
  sequence += 1;
  return `${PREFIX}::${sequence.toString(16)}`;
}

export type KeyOptions = { access?: ApiKeyAccess; environment?: ApiKeyEnvironment; description?: string };

/** A working key made by `person` in `orgId`, as the API keys page would make it. */
export async function issueKey(person: Pick<Person, "userId">, orgId: string, { access = "read_write", environment = "live", description = "Test key" }: KeyOptions = {}) {
  const member = await requireMember(person.userId, orgId);
  const { key, apiKey } = await createApiKey(member, { description, type: "integration", environment, access, expires: "1y" }, testContext());
  return { key, id: apiKey.id };
}

/** An organization with members of these roles and a read-and-write key made by the first. */
export async function organizationWithKey(roles: string[] = ["owner", "admin", "developer", "member"], options: KeyOptions = {}) {
  const { org, people } = await createOrganization(roles);
  const key = await issueKey(people[0]!, org.id, options);
  return { org, people, ...key };
}

export type CallOptions = { key?: string | null; method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; ip?: string };

let origin: Promise<string> | undefined;

/** The address of this test file's API server: the production listener on a free loopback port. */
function apiOrigin(): Promise<string> {
  origin ??= new Promise((resolve) => {
    const server = createServer((request, response) => void handleRestApiRequest(request, response));
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    server.unref();
  });
  return origin;
}

/** One request to /api/v1 as a client at `ip` (a fresh address unless given). */
export async function callApi(path: string, { key, method = "GET", body, rawBody, headers = {}, ip = clientAddress() }: CallOptions = {}) {
  const init: RequestInit = { method, headers: { "x-forwarded-for": ip, ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } };
  if (rawBody !== undefined) init.body = rawBody;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  return fetch(`${await apiOrigin()}${path.startsWith("/api/") ? path : `/api/v1${path}`}`, init);
}

/**
 * Verified keys are cached for up to API_KEY_CACHE_MS (1 s), measured with performance.now(),
 * which the test clock does not move. A test that changes a key's row or its creator's role
 * straight in the database drops the entry, as the domain functions do after their writes,
 * instead of sleeping past it.
 */
export function forgetKey(keyId: string): void {
  forgetApiKey(keyId);
}

export async function setKeyRateLimit(keyId: string, rateLimit: number): Promise<void> {
  await db.apiKey.update({ where: { id: keyId }, data: { rateLimit } });
  forgetKey(keyId);
}

/** An organization (Owner, Admin, Developer, Member) with the Owner's key, a pending invitation, the Admin's key and a notification sent to the Admin: ids for every endpoint. */
export async function organizationWithEverything(options: KeyOptions = {}) {
  const setup = await organizationWithKey(["owner", "admin", "developer", "member"], options);
  const invitation = await db.invitation.create({
    data: {
      orgId: setup.org.id,
      email: `invitee-${randomBytes(4).toString("hex")}@example.test`,
      role: "member",
      tokenHash: randomBytes(16).toString("hex"),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    select: { id: true },
  });
  const adminKey = await issueKey(setup.people[1]!, setup.org.id, { description: "Admin key" });
  const recipientUserId = setup.people[1]!.userId;
  const notification = await db.notification.create({
    data: { userId: recipientUserId, orgId: setup.org.id, category: "purchases", title: "Receipt", body: "Thanks.", deliveries: { create: [{ channel: "email", state: "sent" }] } },
    select: { id: true },
  });
  return {
    ...setup,
    adminKey,
    ids: { membershipId: setup.people[3]!.membershipId!, invitationId: invitation.id, apiKeyId: adminKey.id, notificationId: notification.id, recipientUserId },
  };
}

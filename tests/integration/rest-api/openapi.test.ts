// OpenAPI conformance (issue 10): every documented operation is called for real, and each
// answer's status must be documented for it and its body must validate (JSON Schema 2020-12)
// against the schema the document gives for that status.
import Ajv2020 from "ajv/dist/2020";
import { beforeAll, expect, test } from "vitest";
import { callApi, organizationWithEverything, organizationWithKey, setKeyRateLimit } from "./api-builders";
import { ENDPOINTS, type Endpoint } from "./endpoints";
import { startOfNextMinute } from "../../fixtures/clock";

type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

let document: Document;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("date-time", (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value)));
ajv.addFormat("email", (value: string) => /^[^@\s]+@[^@\s]+$/.test(value));
const called = new Set<string>();

beforeAll(async () => {
  const response = await callApi("/openapi.json");
  expect(response.status).toBe(200);
  document = await response.json();
  ajv.addSchema(document as object, "openapi.json");
});

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/** Checks one real answer against the document and returns its body. */
async function conforms(endpoint: Pick<Endpoint, "method" | "path">, response: Response): Promise<unknown> {
  const path = `/api/v1${endpoint.path}`;
  const method = endpoint.method.toLowerCase();
  const operation = document.paths[path]?.[method];
  expect(operation, `${endpoint.method} ${path} is documented`).toBeDefined();
  const status = String(response.status);
  const documented = operation!.responses[status];
  expect(documented, `${endpoint.method} ${path} answered ${status}, which is not documented`).toBeDefined();
  called.add(`${endpoint.method} ${path} ${status}`);
  if (response.status === 204) {
    expect(await response.text()).toBe("");
    return null;
  }
  const contentType = response.headers.get("content-type")!.split(";")[0]!;
  expect(Object.keys(documented!.content ?? {}), `${endpoint.method} ${path} ${status} content type`).toContain(contentType);
  const body: unknown = await response.json();
  const validate = ajv.getSchema(`openapi.json#/${pointer("paths", path, method, "responses", status, "content", contentType, "schema")}`)!;
  expect(validate, "schema compiles").toBeDefined();
  const valid = validate(body);
  expect(valid, `${endpoint.method} ${path} ${status}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`).toBe(true);
  return body;
}

test("the document is OpenAPI 3.1 with the bearer scheme and the problem schema", () => {
  expect(document.openapi).toBe("3.1.0");
  expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  // The validator really checks: an empty object is not a Problem.
  expect(ajv.getSchema("openapi.json#/components/schemas/Problem")!({})).toBe(false);
  const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
  expect(documented.sort()).toEqual(ENDPOINTS.map((endpoint) => `${endpoint.method} /api/v1${endpoint.path}`).sort());
});

test("every operation's successful answer conforms", async () => {
  const { key, ids } = await organizationWithEverything();
  for (const endpoint of ENDPOINTS) {
    const response = await callApi(endpoint.url(ids), { key, method: endpoint.method, body: endpoint.body?.("read_write", ids) });
    expect(response.status, `${endpoint.method} ${endpoint.path}`).toBeLessThan(300);
    await conforms(endpoint, response);
  }
});

test("every operation's refusals conform: no key, wrong access, missing id, bad body, conflict, rate limit", async () => {
  const { ids } = await organizationWithEverything();
  const { key: readKey } = await organizationWithKey(["owner"], { access: "read" });
  const { key: writeKey } = await organizationWithKey(["owner"], { access: "write" });
  const { key, ids: ownIds } = await organizationWithEverything();
  for (const endpoint of ENDPOINTS) {
    await conforms(endpoint, await callApi(endpoint.url(ids), { method: endpoint.method, body: endpoint.body?.("read_write", ids) }));
    if (endpoint.kind) {
      const wrongKey = endpoint.kind === "read" ? writeKey : readKey;
      await conforms(endpoint, await callApi(endpoint.url(ids), { key: wrongKey, method: endpoint.method, body: endpoint.body?.("read_write", ids) }));
    }
    if (endpoint.path.includes("{id}")) await conforms(endpoint, await callApi(endpoint.url(ids), { key, method: endpoint.method, body: endpoint.body?.("read_write", ids) }));
    if (endpoint.body) {
      for (const [raw, contentType] of [
        ["{", "application/json"],
        ['{"unknown": 1}', "application/json"],
        ["x", "text/plain"],
        [`{"description": "${"x".repeat(70_000)}"}`, "application/json"],
      ]) {
        await conforms(endpoint, await callApi(endpoint.url(ownIds), { key, method: endpoint.method, rawBody: raw, headers: { "content-type": contentType } }));
      }
    }
  }
  // Conflicts: an address invited twice, an invitation revoked twice, a revoked key rotated.
  const invite = ENDPOINTS.find((endpoint) => endpoint.method === "POST" && endpoint.path === "/invitations")!;
  const body = { email: "twice@example.com", role: "member" };
  await conforms(invite, await callApi("/invitations", { key, method: "POST", body }));
  await conforms(invite, await callApi("/invitations", { key, method: "POST", body }));
  const revokeInvitation = ENDPOINTS.find((endpoint) => endpoint.method === "DELETE" && endpoint.path === "/invitations/{id}")!;
  await conforms(revokeInvitation, await callApi(`/invitations/${ownIds.invitationId}`, { key, method: "DELETE" }));
  await conforms(revokeInvitation, await callApi(`/invitations/${ownIds.invitationId}`, { key, method: "DELETE" }));
  const rotate = ENDPOINTS.find((endpoint) => endpoint.path === "/api-keys/{id}/rotate")!;
  await callApi(`/api-keys/${ownIds.apiKeyId}`, { key, method: "DELETE" });
  await conforms(rotate, await callApi(`/api-keys/${ownIds.apiKeyId}/rotate`, { key, method: "POST", body: { grace: "none" } }));
  // The rate limit, on every operation.
  const limited = await organizationWithEverything();
  await setKeyRateLimit(limited.id, 1);
  startOfNextMinute();
  await callApi("/me", { key: limited.key });
  for (const endpoint of ENDPOINTS) {
    const response = await callApi(endpoint.url(limited.ids), { key: limited.key, method: endpoint.method, body: endpoint.body?.("read_write", limited.ids) });
    expect(response.status).toBe(429);
    await conforms(endpoint, response);
  }
  expect([...called].filter((entry) => entry.endsWith(" 409")).length).toBeGreaterThanOrEqual(3);
});

test("/api/docs is a readable page made from the document, with no script and nothing from elsewhere", async () => {
  const response = await callApi("/api/docs");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const csp = response.headers.get("content-security-policy")!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain("unsafe-inline");
  const html = await response.text();
  expect(html).not.toMatch(/<script|https?:\/\/|<link/i);
  for (const endpoint of ENDPOINTS) expect(html).toContain(`${endpoint.method} /api/v1${endpoint.path}`);
  expect(html).toContain("problem-unauthenticated");
});

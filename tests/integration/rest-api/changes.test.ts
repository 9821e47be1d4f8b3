// Every change made through /api/v1 is in the organization audit log, with the key's creator
// as actor and the key beside them; and bad input of any kind is a 4xx problem that changes
// nothing, never a 500.
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { organizationState } from "../organizations/members-builders";
import { callApi, organizationWithEverything } from "./api-builders";
import { ENDPOINTS } from "./endpoints";

// null: not in the audit log, which records changes to the organization; a notification's row
// names the key that sent it.
const EXPECTED_ACTIONS: Record<string, string | null> = {
  "POST /members": "invitation.sent",
  "PATCH /members/{id}": "member.role_changed",
  "POST /invitations": "invitation.sent",
  "DELETE /invitations/{id}": "invitation.revoked",
  "POST /api-keys": "api_key.created",
  "POST /api-keys/{id}/rotate": "api_key.rotated",
  "DELETE /api-keys/{id}": "api_key.revoked",
  "DELETE /members/{id}": "member.removed",
  "POST /notifications": null,
};

test("every change writes the organization audit log with the key as actor", async () => {
  const { key, id, org, people, ids } = await organizationWithEverything();
  for (const endpoint of ENDPOINTS.filter((candidate) => candidate.kind === "write")) {
    const since = new Date(Date.now() - 1);
    const response = await callApi(endpoint.url(ids), { key, method: endpoint.method, body: endpoint.body?.("read_write", ids) });
    expect(response.status, `${endpoint.method} ${endpoint.path}`).toBeLessThan(300);
    const action = EXPECTED_ACTIONS[`${endpoint.method} ${endpoint.path}`];
    if (action === null) {
      expect(await db.notification.findUnique({ where: { id: (await response.json()).id }, select: { orgId: true, apiKeyId: true } })).toEqual({ orgId: org.id, apiKeyId: id });
      continue;
    }
    const events = await db.auditEvent.findMany({ where: { orgId: org.id, createdAt: { gte: since } }, select: { action: true, userId: true, apiKeyId: true } });
    expect(events).toContainEqual({ action, userId: people[0]!.userId, apiKeyId: id });
  }
  // The log read through the API shows them.
  const log = await (await callApi("/audit-log?limit=100", { key })).json();
  expect(log.data.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(Object.values(EXPECTED_ACTIONS).filter(Boolean)));
});

const LONE_SURROGATE = '"\\ud800"';

test("garbage bodies: wrong types, unknown fields, __proto__, NUL, lone surrogates, not JSON, 1 MB: a 4xx problem, nothing changes", async () => {
  const { key, org, ids } = await organizationWithEverything();
  const bodies: { raw: string; contentType?: string; status: number[] }[] = [
    { raw: "{not json", status: [400] },
    { raw: "", status: [400, 422] },
    { raw: "null", status: [422] },
    { raw: "[]", status: [422] },
    { raw: '"text"', status: [422] },
    { raw: "12", status: [422] },
    { raw: '{"email": 12, "role": ["member"], "description": {}, "grace": false}', status: [422] },
    { raw: '{"__proto__": {"admin": true}, "email": "a@example.com", "role": "member"}', status: [422] },
    { raw: '{"constructor": {"prototype": {"x": 1}}, "role": "member"}', status: [422] },
    { raw: `{"email": ${LONE_SURROGATE}, "role": ${LONE_SURROGATE}, "description": ${LONE_SURROGATE}, "grace": ${LONE_SURROGATE}}`, status: [422] },
    { raw: '{"email": "a\\u0000@example.com", "role": "mem\\u0000ber", "description": "a\\u0000b", "grace": "\\u0000"}', status: [422] },
    { raw: `{"description": "${"x".repeat(1024 * 1024)}"}`, status: [413] },
    { raw: '{"email": "a@example.com", "role": "member"}', contentType: "text/plain", status: [415] },
    { raw: "email=a@example.com&role=member", contentType: "application/x-www-form-urlencoded", status: [415] },
  ];
  const before = await organizationState(org.id);
  for (const endpoint of ENDPOINTS.filter((candidate) => candidate.body)) {
    for (const { raw, contentType = "application/json", status } of bodies) {
      const response = await callApi(endpoint.url(ids), { key, method: endpoint.method, rawBody: raw, headers: { "content-type": contentType } });
      expect(status, `${endpoint.method} ${endpoint.path} ${raw.slice(0, 60)} → ${response.status}`).toContain(response.status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = await response.json();
      expect(problem).toMatchObject({ status: response.status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
      if (response.status === 422) expect(Object.keys(problem.errors ?? {}).length).toBeGreaterThan(0);
    }
  }
  expect(await organizationState(org.id)).toEqual(before);
});

test("bad ids and query values: 4xx problems, never a 500", async () => {
  const { key } = await organizationWithEverything();
  for (const path of [
    "/members/%00",
    "/members/a%20b",
    `/members/${"x".repeat(100)}`,
    "/invitations/%F0%9F%92%A5",
    "/api-keys/..%2F..%2Fme",
    "/members?cursor=%00",
    `/members?cursor=${"x".repeat(300)}`,
    "/members?query=%00%01",
    "/audit-log?limit=0",
    "/audit-log?limit=1e9",
    "/audit-log?limit=abc",
    "/audit-log?cursor=%ED%A0%80",
    "/api-keys?status=nope",
    "/api-keys?environment=%00",
  ]) {
    const method = /^\/(members|invitations|api-keys)\/[^?]/.test(path) ? "DELETE" : "GET";
    const response = await callApi(path, { key, method });
    expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(200);
    expect(response.status, `${method} ${path}`).toBeLessThan(500);
  }
});

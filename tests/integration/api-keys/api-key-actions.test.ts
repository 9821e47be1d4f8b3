// The API keys pages' server actions, called as their forms call them: each asks for a fresh
// step-up (reveal: one made with a second factor), refuses what the role may not do, answers
// bad input with a message and changes nothing. Plus the expiry reminders and the audit log's
// naming of the key an event came through.
import { describe, expect, it } from "vitest";
import {
  createApiKeyAction,
  regenerateAllApiKeysAction,
  revealApiKeysAction,
  revokeApiKeyAction,
  rotateApiKeyAction,
  setApiKeyRateLimitAction,
  setApiKeySecretPolicyAction,
  setDefaultApiKeyRateLimitAction,
} from "@/app/(settings)/settings/api-keys/actions";
import { createApiKey, sendExpiryReminders } from "@/lib/api-keys/api-keys";
import { verifyApiKey } from "@/lib/api-keys/authenticate";
import { forgetApiKey } from "@/lib/api-keys/key-cache";
import { parseApiKey } from "@/lib/api-keys/key-format";
import type { ActiveSession } from "@/lib/auth/sessions";
import { listOrganizationEvents } from "@/lib/audit/organization-log";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { requireMember } from "@/lib/organizations/member";
import { mailsTo } from "../../fixtures/builders";
import { advanceClock } from "../../fixtures/clock";
import { call, createOrganization } from "../organizations/members-builders";

const DAY_MS = 24 * 60 * 60 * 1000;
const context = { ipAddress: "203.0.113.7", userAgent: "vitest" };
const keyInput = { description: "Production API Key", type: "integration", environment: "live", access: "read_write", expires: "1y" } as const;

/** The session right after "Confirm it's you" (with a second factor when told). */
function elevated(session: ActiveSession, secondFactor = false): ActiveSession {
  return { ...session, stepUpAt: new Date(), stepUpSecondFactor: secondFactor };
}

async function works(key: string): Promise<boolean> {
  forgetApiKey(parseApiKey(key)!.keyId);
  return (await verifyApiKey(key)).ok;
}

async function team(roles = ["owner", "developer", "member"]) {
  const { org, people } = await createOrganization(roles);
  const members = await Promise.all(people.map((person) => requireMember(person.userId, org.id)));
  return { org, people, members };
}

describe("API key actions", () => {
  it("create asks for step-up first, then makes the key of the form and returns it once", async () => {
    const { org, people } = await team(["owner"]);
    const fields = { organizationId: org.id, description: "Nightly export", type: "data", environment: "test", access: "read", expires: "30d" };
    expect(await call(createApiKeyAction, people[0]!.session, fields)).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(await db.apiKey.count({ where: { orgId: org.id } })).toBe(0);

    const created = await call(createApiKeyAction, elevated(people[0]!.session), fields);
    expect(created).toMatchObject({ ok: true, message: "API key “Nightly export” created." });
    const key = created.ok ? (created.data as { key: string }).key : "";
    expect(key).toMatch(/^lk_test_/);
    expect(await works(key)).toBe(true);
    const row = await db.apiKey.findFirstOrThrow({ where: { orgId: org.id }, select: { type: true, environment: true, access: true, expiresAt: true, createdById: true } });
    expect(row).toMatchObject({ type: "data", environment: "test", access: "read", createdById: people[0]!.userId });
    expect(Math.abs(row.expiresAt.getTime() - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
  });

  it("create refuses bad choices and dates with field messages, and a Member outright", async () => {
    const { org, people } = await team();
    const owner = elevated(people[0]!.session);
    const base = { organizationId: org.id, description: "Key", type: "integration", environment: "live", access: "read_write" };
    const bad = await call(createApiKeyAction, owner, { ...base, type: "admin", environment: "prod", access: "everything", description: "" });
    expect(bad).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(bad.ok ? {} : Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["access", "description", "environment", "type"]);
    const tooLate = await call(createApiKeyAction, owner, { ...base, expires: "custom", expiresOn: new Date(Date.now() + 400 * DAY_MS).toISOString().slice(0, 10) });
    expect(tooLate).toMatchObject({ ok: false, fieldErrors: { expiresOn: ["A key can last at most 1 year. Choose an earlier date."] } });
    const past = await call(createApiKeyAction, owner, { ...base, expires: "custom", expiresOn: "2020-01-01" });
    expect(past).toMatchObject({ ok: false, fieldErrors: { expiresOn: ["Choose a date in the future."] } });
    expect(await call(createApiKeyAction, elevated(people[2]!.session), base)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await db.apiKey.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("rotate keeps the old secret for the chosen grace and no longer (the clock passes it)", async () => {
    const { org, people, members } = await team(["owner"]);
    const { key: oldKey, apiKey } = await createApiKey(members[0]!, keyInput, context);
    const fields = { organizationId: org.id, keyId: apiKey.id, grace: "1h" };
    expect(await call(rotateApiKeyAction, people[0]!.session, fields)).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(await works(oldKey)).toBe(true);

    const rotated = await call(rotateApiKeyAction, elevated(people[0]!.session), fields);
    expect(rotated).toMatchObject({ ok: true, message: expect.stringMatching(/^API key “Production API Key” rotated\. The old secret works until .+ UTC\.$/) });
    const newKey = rotated.ok ? (rotated.data as { key: string }).key : "";
    expect(await works(oldKey)).toBe(true);
    expect(await works(newKey)).toBe(true);
    advanceClock(60 * 60 * 1000 - 1000);
    expect(await works(oldKey)).toBe(true);
    advanceClock(2000);
    expect(await works(oldKey)).toBe(false);
    expect(await works(newKey)).toBe(true);
    expect(await call(rotateApiKeyAction, elevated(people[0]!.session), { ...fields, grace: "forever" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  });

  it("revoke needs the key's description typed, then the key stops at once", async () => {
    const { org, people, members } = await team(["owner"]);
    const { key, apiKey } = await createApiKey(members[0]!, keyInput, context);
    const owner = elevated(people[0]!.session);
    const wrong = await call(revokeApiKeyAction, owner, { organizationId: org.id, keyId: apiKey.id, confirmation: "Production" });
    expect(wrong).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { confirmation: ["Type “Production API Key” to confirm."] } });
    expect(await works(key)).toBe(true);
    expect(await call(revokeApiKeyAction, people[0]!.session, { organizationId: org.id, keyId: apiKey.id, confirmation: "Production API Key" })).toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    const revoked = await call(revokeApiKeyAction, owner, { organizationId: org.id, keyId: apiKey.id, confirmation: "Production API Key", from: "key" });
    expect(revoked).toMatchObject({ ok: true, redirect: `/settings/api-keys/${apiKey.id}?notice=revoked` });
    expect(await works(key)).toBe(false);
  });

  it("a Developer rotates and revokes their own keys only, and changes no organization setting", async () => {
    const { org, people, members } = await team();
    const { apiKey: ownersKey } = await createApiKey(members[0]!, keyInput, context);
    const { apiKey: ownKey } = await createApiKey(members[1]!, { ...keyInput, description: "Dev key" }, context);
    const developer = elevated(people[1]!.session, true);
    expect(await call(rotateApiKeyAction, developer, { organizationId: org.id, keyId: ownersKey.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await call(revokeApiKeyAction, developer, { organizationId: org.id, keyId: ownersKey.id, confirmation: ownersKey.description })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await call(rotateApiKeyAction, developer, { organizationId: org.id, keyId: ownKey.id })).toMatchObject({ ok: true });
    for (const [action, fields] of [
      [setApiKeySecretPolicyAction, { policy: "show_once" }],
      [setDefaultApiKeyRateLimitAction, { rateLimit: "5" }],
      [setApiKeyRateLimitAction, { keyId: ownKey.id, mode: "custom", rateLimit: "5" }],
      [regenerateAllApiKeysAction, { confirmation: "regenerate all" }],
    ] as const) {
      expect(await call(action, developer, { organizationId: org.id, ...fields })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    // Another organization's key is Not Found, whoever asks.
    const { members: others } = await team(["owner"]);
    const { apiKey: foreign } = await createApiKey(others[0]!, keyInput, context);
    expect(await call(rotateApiKeyAction, elevated(people[0]!.session), { organizationId: org.id, keyId: foreign.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const org2 = await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { apiKeySecrets: true, apiKeyRateLimit: true } });
    expect(org2).toEqual({ apiKeySecrets: "reveal", apiKeyRateLimit: 600 });
  });

  it("reveal asks for a step-up made with a second factor: a password one is not enough", async () => {
    const { org, people, members } = await team(["owner", "developer"]);
    const { key } = await createApiKey(members[0]!, keyInput, context);
    const { key: devKey } = await createApiKey(members[1]!, { ...keyInput, description: "Dev key" }, context);
    const fields = { organizationId: org.id };
    expect(await call(revealApiKeysAction, people[0]!.session, fields)).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(await call(revealApiKeysAction, elevated(people[0]!.session), fields)).toMatchObject({
      ok: false,
      code: "STEP_UP_REQUIRED",
      message: "Confirm it's you with your authenticator app to continue.",
    });
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "api_key.revealed" } })).toBe(0);

    const revealed = await call(revealApiKeysAction, elevated(people[0]!.session, true), fields);
    expect(revealed.ok && (revealed.data as { key: string }[]).map((entry) => entry.key).sort()).toEqual([key, devKey].sort());
    const developer = await call(revealApiKeysAction, elevated(people[1]!.session, true), fields);
    expect(developer.ok && (developer.data as { key: string }[]).map((entry) => entry.key)).toEqual([devKey]);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "api_key.revealed" } })).toBe(3);
    expect((await mailsTo(people[0]!.email)).filter((mail) => mail.subject === `API key secrets were viewed in ${org.name}`)).toHaveLength(2);
  });

  it("policy, limits and regenerate need step-up and the right input", async () => {
    const { org, people, members } = await team(["owner"]);
    const { key } = await createApiKey(members[0]!, keyInput, context);
    const owner = elevated(people[0]!.session);
    const base = { organizationId: org.id };
    expect(await call(setApiKeySecretPolicyAction, people[0]!.session, { ...base, policy: "show_once" })).toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await call(setApiKeySecretPolicyAction, owner, { ...base, policy: "plaintext" })).toMatchObject({ code: "INVALID_INPUT" });
    expect(await call(setApiKeySecretPolicyAction, owner, { ...base, policy: "show_once" })).toMatchObject({
      ok: true,
      message: "Secrets are now shown only once. 1 stored secret was deleted.",
    });
    expect(await db.apiKey.count({ where: { orgId: org.id, sealedKey: { not: null } } })).toBe(0);

    for (const rateLimit of ["0", "-5", "1.5", "abc", "100001", ""]) {
      expect(await call(setDefaultApiKeyRateLimitAction, owner, { ...base, rateLimit }), rateLimit).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    }
    expect(await call(setDefaultApiKeyRateLimitAction, owner, { ...base, rateLimit: "1200" })).toMatchObject({ ok: true });
    const keyId = parseApiKey(key)!.keyId;
    expect(await call(setApiKeyRateLimitAction, owner, { ...base, keyId, mode: "custom", rateLimit: "abc" })).toMatchObject({
      ok: false,
      fieldErrors: { rateLimit: ["Enter a number of requests per minute."] },
    });
    expect(await call(setApiKeyRateLimitAction, owner, { ...base, keyId, mode: "custom", rateLimit: "30" })).toMatchObject({ ok: true });
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: { rateLimit: true } })).toEqual({ rateLimit: 30 });
    expect(await call(setApiKeyRateLimitAction, owner, { ...base, keyId, mode: "default" })).toMatchObject({ ok: true });
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: { rateLimit: true } })).toEqual({ rateLimit: null });
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { apiKeyRateLimit: true } })).apiKeyRateLimit).toBe(1200);

    expect(await call(regenerateAllApiKeysAction, owner, { ...base, confirmation: "yes" })).toMatchObject({
      ok: false,
      fieldErrors: { confirmation: ["Type “regenerate all” to confirm."] },
    });
    expect(await call(regenerateAllApiKeysAction, people[0]!.session, { ...base, confirmation: "regenerate all" })).toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await works(key)).toBe(true);
    const regenerated = await call(regenerateAllApiKeysAction, owner, { ...base, confirmation: "Regenerate all" });
    expect(regenerated).toMatchObject({ ok: true, message: "1 secrets regenerated. The old ones no longer work." });
    expect(await works(key)).toBe(false);
    expect(await works(regenerated.ok ? (regenerated.data as { key: string }[])[0]!.key : "")).toBe(true);
  });
});

describe("API key expiry reminders", () => {
  it("mails the creator once when a key enters its last 7 days", async () => {
    const { people, members } = await team(["owner"]);
    const { apiKey } = await createApiKey(members[0]!, { ...keyInput, expires: "custom", expiresOn: new Date(Date.now() + 9 * DAY_MS).toISOString().slice(0, 10) }, context);
    const subject = `API key “Production API Key” expires on ${apiKey.expiresAt.toISOString().slice(0, 10)}`;
    const reminders = async () => (await mailsTo(people[0]!.email)).filter((mail) => mail.subject === subject);
    await sendExpiryReminders();
    expect(await reminders()).toHaveLength(0);
    // To a second before the last 7 days, a day at most at a time (the clock's longest jump).
    for (let left = apiKey.expiresAt.getTime() - 7 * DAY_MS - Date.now() - 1000; left > 0; left -= DAY_MS) advanceClock(Math.min(left, DAY_MS));
    await sendExpiryReminders();
    expect(await reminders()).toHaveLength(0);
    advanceClock(2000);
    await sendExpiryReminders();
    await sendExpiryReminders();
    const sent = await reminders();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.textBody).toContain(apiKey.maskedKey);
  });
});

describe("the organization audit log", () => {
  it("names the API key an event was made with", async () => {
    const { org, members } = await team(["owner"]);
    const { apiKey } = await createApiKey(members[0]!, keyInput, context);
    await db.$transaction((tx) => recordAuditEvent(tx, { action: "invitation.sent", userId: members[0]!.userId, orgId: org.id, context: { ...context, apiKeyId: apiKey.id } }));
    const { entries } = await listOrganizationEvents(members[0]!, {});
    const viaKey = entries.filter((entry) => entry.apiKey !== null);
    expect(viaKey.map((entry) => [entry.action, entry.apiKey])).toEqual([["invitation.sent", { id: apiKey.id, description: "Production API Key" }]]);
    expect(entries.find((entry) => entry.action === "api_key.created")?.apiKey).toBeNull();
  });
});

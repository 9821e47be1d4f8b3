import "server-only";
import { NEWEST_FIRST, olderThanCursor, toPage } from "@/lib/audit/log-query";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, type Tx } from "@/lib/db/client";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import type { OrganizationMember } from "@/lib/organizations/member";
import { can } from "@/lib/organizations/permissions";
import { limit } from "@/lib/rate-limit/limit";
import { forgetApiKey } from "./key-cache";
import { generateApiKey, generateKeyId, maskApiKey, type ApiKeyEnvironment } from "./key-format";
import {
  API_KEY_EXPIRY_CHOICES,
  API_KEY_MAX_LIFETIME_DAYS,
  ROTATION_GRACE_CHOICES,
  type ApiKeyAccess,
  type ApiKeySecretPolicy,
  type ApiKeyType,
  type CreateApiKeyInput,
  type RotationGrace,
} from "./schemas";
import { digestSecret, sealApiKey, unsealApiKey } from "./secrets";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A key is "Expiring soon" this long before it expires. */
export const EXPIRING_SOON_MS = 14 * DAY_MS;
export const API_KEYS_PAGE_SIZE = 50;
/** Uses shown on a key's page (and kept per key). */
export const RECENT_USES_KEPT = 20;

export type ApiKeyStatus = "active" | "expiring" | "expired" | "revoked";
export const API_KEY_STATUSES: { id: ApiKeyStatus; label: string }[] = [
  { id: "active", label: "Active" },
  { id: "expiring", label: "Expiring soon" },
  { id: "expired", label: "Expired" },
  { id: "revoked", label: "Revoked" },
];

export function apiKeyStatus(key: { revokedAt: Date | null; expiresAt: Date }, now = Date.now()): ApiKeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt.getTime() <= now) return "expired";
  return key.expiresAt.getTime() - now <= EXPIRING_SOON_MS ? "expiring" : "active";
}

function statusWhere(status: ApiKeyStatus | undefined, now: Date) {
  const soon = new Date(now.getTime() + EXPIRING_SOON_MS);
  switch (status) {
    case "revoked":
      return { revokedAt: { not: null } };
    case "expired":
      return { revokedAt: null, expiresAt: { lte: now } };
    case "expiring":
      return { revokedAt: null, expiresAt: { gt: now, lte: soon } };
    case "active":
      return { revokedAt: null, expiresAt: { gt: soon } };
    default:
      return {};
  }
}

/** What the table, the key page and /api/v1 show of a key: never its digest or ciphertext. */
export type ApiKeyRow = {
  id: string;
  description: string;
  type: ApiKeyType;
  environment: ApiKeyEnvironment;
  access: ApiKeyAccess;
  maskedKey: string;
  status: ApiKeyStatus;
  createdAt: Date;
  createdBy: { id: string; name: string; email: string } | null;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  /** When the secret before the last rotation stops working, while it still works. */
  previousSecretExpiresAt: Date | null;
  /** Requests per minute: the key's own limit, else the organization's default. */
  rateLimit: number;
  rateLimitIsDefault: boolean;
  /** Whether the viewer may rotate and revoke it. */
  manageable: boolean;
  /** Whether the viewer may see its secret again (reveal policy, second factor). */
  revealable: boolean;
};

const rowSelect = {
  id: true,
  orgId: true,
  description: true,
  type: true,
  environment: true,
  access: true,
  lastFour: true,
  createdAt: true,
  createdById: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  previousExpiresAt: true,
  rateLimit: true,
  sealedKey: true,
  createdBy: { select: { id: true, email: true, firstName: true, lastName: true } },
  org: { select: { apiKeyRateLimit: true } },
} as const;

type SelectedKey = {
  id: string;
  orgId: string;
  description: string;
  type: string;
  environment: string;
  access: string;
  lastFour: string;
  createdAt: Date;
  createdById: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  previousExpiresAt: Date | null;
  rateLimit: number | null;
  sealedKey: string | null;
  createdBy: { id: string; email: string; firstName: string; lastName: string } | null;
  org: { apiKeyRateLimit: number };
};

/** Whether `actor` may rotate and revoke a key: their own with manage_own, anyone's with manage. */
export function mayManageKey(actor: OrganizationMember, key: { createdById: string | null }): boolean {
  return can(actor, "api_keys.manage") || (key.createdById === actor.userId && can(actor, "api_keys.manage_own"));
}

/** Whether `actor` may see a key's secret again (the organization's policy is checked apart). */
export function mayRevealKey(actor: OrganizationMember, key: { createdById: string | null }): boolean {
  return can(actor, "api_keys.reveal") || (key.createdById === actor.userId && can(actor, "api_keys.reveal_own"));
}

function toRow(key: SelectedKey, viewer: OrganizationMember, now: number): ApiKeyRow {
  const creator = key.createdBy;
  return {
    id: key.id,
    description: key.description,
    type: key.type as ApiKeyType,
    environment: key.environment as ApiKeyEnvironment,
    access: key.access as ApiKeyAccess,
    maskedKey: maskApiKey(key.environment, key.id, key.lastFour),
    status: apiKeyStatus(key, now),
    createdAt: key.createdAt,
    createdBy: creator ? { id: creator.id, name: `${creator.firstName} ${creator.lastName}`.trim() || creator.email, email: creator.email } : null,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
    lastUsedIp: key.lastUsedIp,
    previousSecretExpiresAt: key.previousExpiresAt && key.previousExpiresAt.getTime() > now ? key.previousExpiresAt : null,
    rateLimit: key.rateLimit ?? key.org.apiKeyRateLimit,
    rateLimitIsDefault: key.rateLimit === null,
    manageable: apiKeyStatus(key, now) !== "revoked" && mayManageKey(viewer, key),
    revealable: key.sealedKey !== null && apiKeyStatus(key, now) !== "revoked" && apiKeyStatus(key, now) !== "expired" && mayRevealKey(viewer, key),
  };
}

function requireView(viewer: OrganizationMember): void {
  if (!can(viewer, "api_keys.view")) throw new AppError("FORBIDDEN");
}

/** The organization's keys, newest first, a page at a time (keyset on the (orgId, createdAt, id) index). */
export async function listApiKeys(
  viewer: OrganizationMember,
  filter: { environment?: ApiKeyEnvironment; status?: ApiKeyStatus; cursor?: string } = {},
): Promise<{ keys: ApiKeyRow[]; nextCursor: string | null }> {
  requireView(viewer);
  const now = new Date();
  const where = { orgId: viewer.orgId, ...(filter.environment ? { environment: filter.environment } : {}), ...statusWhere(filter.status, now) };
  const rows = await db.apiKey.findMany({ where: olderThanCursor(where, filter.cursor), orderBy: [...NEWEST_FIRST], take: API_KEYS_PAGE_SIZE + 1, select: rowSelect });
  const page = toPage(rows, API_KEYS_PAGE_SIZE);
  return { keys: page.rows.map((row) => toRow(row, viewer, now.getTime())), nextCursor: page.nextCursor };
}

export type ApiKeyUseRow = { at: Date; ipAddress: string | null; method: string; endpoint: string; status: number };

/** One key with its latest uses; Not Found for a key of another organization. */
export async function getApiKey(viewer: OrganizationMember, keyId: string): Promise<ApiKeyRow & { uses: ApiKeyUseRow[] }> {
  requireView(viewer);
  const key = await db.apiKey.findFirst({ where: { id: keyId, orgId: viewer.orgId }, select: rowSelect });
  if (!key) throw new AppError("NOT_FOUND");
  const uses = await db.apiKeyUse.findMany({
    where: { apiKeyId: key.id },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: RECENT_USES_KEPT,
    select: { at: true, ipAddress: true, method: true, endpoint: true, status: true },
  });
  return { ...toRow(key, viewer, Date.now()), uses };
}

/** The latest moment a key may expire when made now: one year ahead, end of that day. */
function expiryFor(input: Pick<CreateApiKeyInput, "expires" | "expiresOn">, now: Date): Date {
  const choice = API_KEY_EXPIRY_CHOICES.find((option) => option.id === input.expires);
  if (choice?.days) return new Date(now.getTime() + choice.days * DAY_MS);
  const day = new Date(`${input.expiresOn}T23:59:59.999Z`);
  const latest = now.getTime() + API_KEY_MAX_LIFETIME_DAYS * DAY_MS + DAY_MS;
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== input.expiresOn) {
    throw new AppError("INVALID_INPUT", undefined, { expiresOn: ["Enter a real date as YYYY-MM-DD."] });
  }
  if (day.getTime() <= now.getTime()) throw new AppError("INVALID_INPUT", undefined, { expiresOn: ["Choose a date in the future."] });
  if (day.getTime() > latest) throw new AppError("INVALID_INPUT", undefined, { expiresOn: ["A key can last at most 1 year. Choose an earlier date."] });
  return day;
}

/** What a key made through /api/v1 may not exceed: the calling key's own access, environment and expiry. */
export type KeyCeiling = { access: ApiKeyAccess; environment: ApiKeyEnvironment; expiresAt: Date };

const ACCESS_INCLUDES: Record<ApiKeyAccess, readonly ApiKeyAccess[]> = { read_write: ["read", "write", "read_write"], read: ["read"], write: ["write"] };

function checkCeiling(input: { access: ApiKeyAccess; environment: ApiKeyEnvironment }, expiresAt: Date, ceiling: KeyCeiling | undefined): void {
  if (!ceiling) return;
  if (!ACCESS_INCLUDES[ceiling.access].includes(input.access)) {
    throw new AppError("FORBIDDEN", "A key can only create keys with the same access or less.", { access: ["A key can only create keys with the same access or less."] });
  }
  if (input.environment !== ceiling.environment) {
    throw new AppError("FORBIDDEN", `A ${ceiling.environment} key can only create ${ceiling.environment} keys.`, {
      environment: [`A ${ceiling.environment} key can only create ${ceiling.environment} keys.`],
    });
  }
  if (expiresAt.getTime() > ceiling.expiresAt.getTime()) {
    throw new AppError("FORBIDDEN", "A key can only create keys that expire before it does.", { expiresOn: ["A key can only create keys that expire before it does."] });
  }
}

async function policyOf(client: Tx | typeof db, orgId: string): Promise<ApiKeySecretPolicy> {
  const org = await client.organization.findUniqueOrThrow({ where: { id: orgId }, select: { apiKeySecrets: true } });
  return org.apiKeySecrets === "show_once" ? "show_once" : "reveal";
}

/**
 * Creates a key for `actor` (its creator: the key never does more than their role allows).
 * Returns the whole key: the only time it leaves Latchkey unless the organization allows reveal.
 */
export async function createApiKey(
  actor: OrganizationMember,
  input: CreateApiKeyInput,
  context: RequestContext,
  ceiling?: KeyCeiling,
): Promise<{ key: string; apiKey: ApiKeyRow }> {
  if (!can(actor, "api_keys.manage_own") && !can(actor, "api_keys.manage")) throw new AppError("FORBIDDEN");
  const now = new Date();
  const expiresAt = expiryFor(input, now);
  checkCeiling(input, expiresAt, ceiling);
  await limit("api-keys:user", actor.userId);
  const id = generateKeyId();
  const { key, secret } = generateApiKey(input.environment, id);
  const created = await db.$transaction(async (tx) => {
    const policy = await policyOf(tx, actor.orgId);
    const row = await tx.apiKey.create({
      data: {
        id,
        orgId: actor.orgId,
        createdById: actor.userId,
        description: input.description,
        type: input.type,
        environment: input.environment,
        access: input.access,
        secretDigest: digestSecret(secret),
        lastFour: key.slice(-4),
        sealedKey: policy === "reveal" ? sealApiKey({ id, orgId: actor.orgId, version: 1 }, key) : null,
        expiresAt,
      },
      select: rowSelect,
    });
    await recordAuditEvent(tx, {
      action: "api_key.created",
      userId: actor.userId,
      orgId: actor.orgId,
      context,
      metadata: { keyId: id, description: input.description, environment: input.environment, access: input.access, type: input.type },
    });
    return row;
  });
  const apiKey = toRow(created, actor, now.getTime());
  if (apiKey.createdBy) {
    await sendNotice(
      emails.apiKeyCreated(apiKey.createdBy.email, { orgName: actor.orgName, description: apiKey.description, environment: apiKey.environment, maskedKey: apiKey.maskedKey }),
    );
  }
  return { key, apiKey };
}

/** A key of the actor's organization that they may manage and that still works; Not Found across organizations. */
async function requireManageableKey(tx: Tx, actor: OrganizationMember, keyId: string) {
  const key = await tx.apiKey.findFirst({ where: { id: keyId, orgId: actor.orgId }, select: { ...rowSelect, version: true, secretDigest: true } });
  if (!key) throw new AppError("NOT_FOUND");
  if (!mayManageKey(actor, key)) throw new AppError("FORBIDDEN", "You can only change API keys you created.");
  return key;
}

/**
 * A new secret for the same key id and settings. The old one keeps working for the grace
 * period (never past the key's expiry); the version bump re-binds the encrypted copy.
 */
export async function rotateApiKey(actor: OrganizationMember, keyId: string, grace: RotationGrace, context: RequestContext): Promise<{ key: string; apiKey: ApiKeyRow }> {
  const graceMs = ROTATION_GRACE_CHOICES.find((choice) => choice.id === grace)?.ms ?? 0;
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    const current = await requireManageableKey(tx, actor, keyId);
    const status = apiKeyStatus(current, now.getTime());
    if (status === "revoked" || status === "expired") throw new AppError("CONFLICT", `This key is ${status}. Create a new key instead.`);
    const { key, secret } = generateApiKey(current.environment as ApiKeyEnvironment, current.id);
    const version = current.version + 1;
    const policy = await policyOf(tx, actor.orgId);
    const previousExpiresAt = graceMs > 0 ? new Date(Math.min(now.getTime() + graceMs, current.expiresAt.getTime())) : null;
    // The version in the where clause: two rotations at once cannot both win.
    const updated = await tx.apiKey.updateMany({
      where: { id: current.id, version: current.version },
      data: {
        secretDigest: digestSecret(secret),
        lastFour: key.slice(-4),
        sealedKey: policy === "reveal" ? sealApiKey({ id: current.id, orgId: actor.orgId, version }, key) : null,
        version,
        previousDigest: previousExpiresAt ? current.secretDigest : null,
        previousExpiresAt,
      },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT");
    await recordAuditEvent(tx, {
      action: "api_key.rotated",
      userId: actor.userId,
      orgId: actor.orgId,
      context,
      metadata: { keyId: current.id, description: current.description, grace, oldSecretWorksUntil: previousExpiresAt?.toISOString() ?? null },
    });
    const row = await tx.apiKey.findUniqueOrThrow({ where: { id: current.id }, select: rowSelect });
    return { key, row };
  });
  forgetApiKey(keyId);
  return { key: result.key, apiKey: toRow(result.row, actor, Date.now()) };
}

/** Revokes a key at once: every instance refuses it within a second (lib/api-keys/key-cache.ts). */
export async function revokeApiKey(actor: OrganizationMember, keyId: string, context: RequestContext, confirmation?: string): Promise<ApiKeyRow> {
  const row = await db.$transaction(async (tx) => {
    const key = await requireManageableKey(tx, actor, keyId);
    if (confirmation !== undefined && confirmation.trim() !== key.description) {
      throw new AppError("INVALID_INPUT", undefined, { confirmation: [`Type “${key.description}” to confirm.`] });
    }
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({
      where: { id: key.id },
      data: { revokedAt: new Date(), sealedKey: null, previousDigest: null, previousExpiresAt: null },
      select: rowSelect,
    });
    await recordAuditEvent(tx, { action: "api_key.revoked", userId: actor.userId, orgId: actor.orgId, context, metadata: { keyId: key.id, description: key.description } });
    return revoked;
  });
  forgetApiKey(keyId);
  const apiKey = toRow(row, actor, Date.now());
  if (apiKey.createdBy) await sendNotice(emails.apiKeyRevoked(apiKey.createdBy.email, { orgName: actor.orgName, description: apiKey.description, maskedKey: apiKey.maskedKey }));
  return apiKey;
}

/**
 * "Regenerate all secrets": every working key of the organization gets a new secret with no
 * grace, in one transaction. Returns the new keys, shown once.
 */
export async function regenerateAllApiKeys(actor: OrganizationMember, context: RequestContext): Promise<{ id: string; description: string; key: string }[]> {
  if (!can(actor, "api_keys.manage")) throw new AppError("FORBIDDEN");
  const now = new Date();
  const regenerated = await db.$transaction(async (tx) => {
    const policy = await policyOf(tx, actor.orgId);
    const keys = await tx.apiKey.findMany({
      where: { orgId: actor.orgId, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, description: true, environment: true, version: true },
    });
    const out: { id: string; description: string; key: string }[] = [];
    for (const current of keys) {
      const { key, secret } = generateApiKey(current.environment as ApiKeyEnvironment, current.id);
      const version = current.version + 1;
      await tx.apiKey.update({
        where: { id: current.id },
        data: {
          secretDigest: digestSecret(secret),
          lastFour: key.slice(-4),
          sealedKey: policy === "reveal" ? sealApiKey({ id: current.id, orgId: actor.orgId, version }, key) : null,
          version,
          previousDigest: null,
          previousExpiresAt: null,
        },
      });
      out.push({ id: current.id, description: current.description, key });
    }
    await recordAuditEvent(tx, { action: "api_keys.regenerated", userId: actor.userId, orgId: actor.orgId, context, metadata: { count: keys.length } });
    return out;
  });
  for (const key of regenerated) forgetApiKey(key.id);
  return regenerated;
}

/**
 * The secrets of every working key `actor` may reveal. The caller has checked a fresh
 * second factor; each reveal is logged, and the Owners get one mail for the batch.
 */
export async function revealApiKeys(actor: OrganizationMember, context: RequestContext): Promise<{ id: string; description: string; maskedKey: string; key: string }[]> {
  if (!can(actor, "api_keys.reveal_own") && !can(actor, "api_keys.reveal")) throw new AppError("FORBIDDEN");
  await limit("api-key-reveal:user", actor.userId);
  const now = new Date();
  const revealed = await db.$transaction(async (tx) => {
    if ((await policyOf(tx, actor.orgId)) !== "reveal") throw new AppError("CONFLICT", "This organization shows API key secrets only once, when they are made.");
    const keys = await tx.apiKey.findMany({
      where: { orgId: actor.orgId, revokedAt: null, expiresAt: { gt: now }, sealedKey: { not: null }, ...(can(actor, "api_keys.reveal") ? {} : { createdById: actor.userId }) },
      orderBy: [...NEWEST_FIRST],
      select: { id: true, orgId: true, version: true, sealedKey: true, description: true, environment: true, lastFour: true },
    });
    const out = keys.map((key) => ({
      id: key.id,
      description: key.description,
      maskedKey: maskApiKey(key.environment, key.id, key.lastFour),
      key: unsealApiKey({ ...key, sealedKey: key.sealedKey as string }),
    }));
    for (const key of out) {
      await recordAuditEvent(tx, { action: "api_key.revealed", userId: actor.userId, orgId: actor.orgId, context, metadata: { keyId: key.id, description: key.description } });
    }
    return out;
  });
  if (revealed.length > 0) await mailOwnersAboutReveal(actor, revealed);
  return revealed;
}

async function mailOwnersAboutReveal(actor: OrganizationMember, keys: { description: string; maskedKey: string }[]): Promise<void> {
  const [owners, person] = await Promise.all([
    db.membership.findMany({ where: { orgId: actor.orgId, role: "owner" }, select: { user: { select: { email: true } } } }),
    db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true, firstName: true, lastName: true } }),
  ]);
  const revealedBy = `${person.firstName} ${person.lastName}`.trim() || person.email;
  for (const owner of owners) await sendNotice(emails.apiKeysRevealed(owner.user.email, { orgName: actor.orgName, revealedBy, keys }));
}

/** "API key secrets": switching to show once deletes every encrypted copy in the same transaction. */
export async function setApiKeySecretPolicy(actor: OrganizationMember, policy: ApiKeySecretPolicy, context: RequestContext): Promise<{ deleted: number }> {
  if (!can(actor, "api_keys.manage")) throw new AppError("FORBIDDEN");
  return db.$transaction(async (tx) => {
    const previous = await policyOf(tx, actor.orgId);
    if (previous === policy) return { deleted: 0 };
    await tx.organization.update({ where: { id: actor.orgId }, data: { apiKeySecrets: policy } });
    const deleted = policy === "show_once" ? (await tx.apiKey.updateMany({ where: { orgId: actor.orgId, sealedKey: { not: null } }, data: { sealedKey: null } })).count : 0;
    await recordAuditEvent(tx, { action: "organization.api_key_policy_changed", userId: actor.userId, orgId: actor.orgId, context, metadata: { policy, secretsDeleted: deleted } });
    return { deleted };
  });
}

export async function getApiKeySettings(viewer: OrganizationMember): Promise<{ policy: ApiKeySecretPolicy; rateLimit: number }> {
  requireView(viewer);
  const org = await db.organization.findUniqueOrThrow({ where: { id: viewer.orgId }, select: { apiKeySecrets: true, apiKeyRateLimit: true } });
  return { policy: org.apiKeySecrets === "show_once" ? "show_once" : "reveal", rateLimit: org.apiKeyRateLimit };
}

/** The organization's default requests per minute per key. */
export async function setDefaultApiKeyRateLimit(actor: OrganizationMember, rateLimit: number, context: RequestContext): Promise<void> {
  if (!can(actor, "api_keys.manage")) throw new AppError("FORBIDDEN");
  await db.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: actor.orgId }, data: { apiKeyRateLimit: rateLimit } });
    await recordAuditEvent(tx, { action: "api_key.settings_changed", userId: actor.userId, orgId: actor.orgId, context, metadata: { defaultRateLimit: rateLimit } });
  });
}

/** One key's own requests per minute, or null to follow the organization's default. */
export async function setApiKeyRateLimit(actor: OrganizationMember, keyId: string, rateLimit: number | null, context: RequestContext): Promise<void> {
  if (!can(actor, "api_keys.manage")) throw new AppError("FORBIDDEN");
  await db.$transaction(async (tx) => {
    const key = await requireManageableKey(tx, actor, keyId);
    await tx.apiKey.update({ where: { id: key.id }, data: { rateLimit } });
    await recordAuditEvent(tx, {
      action: "api_key.settings_changed",
      userId: actor.userId,
      orgId: actor.orgId,
      context,
      metadata: { keyId: key.id, description: key.description, rateLimit },
    });
  });
  forgetApiKey(keyId);
}

/** Mails the creator of each key that expires within 7 days, once per key. Run by the reminder timer. */
export async function sendExpiryReminders(now = new Date()): Promise<number> {
  const due = await db.apiKey.findMany({
    where: { revokedAt: null, expiryReminderSentAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + 7 * DAY_MS) }, createdById: { not: null } },
    select: { id: true, description: true, environment: true, lastFour: true, expiresAt: true, org: { select: { name: true } }, createdBy: { select: { email: true } } },
    take: 500,
  });
  let sent = 0;
  for (const key of due) {
    // Claimed first, so two instances never both send it.
    const claimed = await db.apiKey.updateMany({ where: { id: key.id, expiryReminderSentAt: null }, data: { expiryReminderSentAt: now } });
    if (claimed.count !== 1 || !key.createdBy) continue;
    await sendNotice(
      emails.apiKeyExpiring(key.createdBy.email, {
        orgName: key.org.name,
        description: key.description,
        maskedKey: maskApiKey(key.environment, key.id, key.lastFour),
        expiresAt: key.expiresAt,
      }),
    );
    sent++;
  }
  return sent;
}

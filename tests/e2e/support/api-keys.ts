// API keys for the browser specs, written as lib/api-keys writes them (key format, keyed
// digest, sealed copy bound to the row), with the dates a spec chooses: an expiring or an
// expired key without waiting. And the check a host product makes of a key, through lib.
import "./lib-env";
import { verifyApiKey } from "@/lib/api-keys/authenticate";
import { forgetApiKey } from "@/lib/api-keys/key-cache";
import { generateApiKey, generateKeyId, type ApiKeyEnvironment } from "@/lib/api-keys/key-format";
import type { ApiKeyAccess, ApiKeyType } from "@/lib/api-keys/schemas";
import { digestSecret, sealApiKey } from "@/lib/api-keys/secrets";
import type { Db } from "./db";

const DAY_MS = 24 * 60 * 60 * 1000;

export type TestApiKeyOptions = {
  description?: string;
  type?: ApiKeyType;
  environment?: ApiKeyEnvironment;
  access?: ApiKeyAccess;
  createdAt?: Date;
  expiresAt?: Date;
  revokedAt?: Date | null;
  /** Keep an encrypted copy (the organization's reveal policy); true unless told otherwise. */
  sealed?: boolean;
  lastUsed?: { at: Date; ip: string };
};

/** A key of `orgId` made by `userId`; returns its id and the whole key. */
export async function createTestApiKey(db: Db, orgId: string, userId: string, options: TestApiKeyOptions = {}): Promise<{ id: string; key: string; description: string }> {
  const id = generateKeyId();
  const environment = options.environment ?? "test";
  const { key, secret } = generateApiKey(environment, id);
  const description = options.description ?? `Key ${id.slice(0, 6)}`;
  const createdAt = options.createdAt ?? new Date();
  await db.apiKey.create({
    data: {
      id,
      orgId,
      createdById: userId,
      description,
      type: options.type ?? "integration",
      environment,
      access: options.access ?? "read_write",
      secretDigest: digestSecret(secret),
      lastFour: key.slice(-4),
      sealedKey: options.sealed === false ? null : sealApiKey({ id, orgId, version: 1 }, key),
      createdAt,
      expiresAt: options.expiresAt ?? new Date(createdAt.getTime() + 365 * DAY_MS),
      revokedAt: options.revokedAt ?? null,
      lastUsedAt: options.lastUsed?.at ?? null,
      lastUsedIp: options.lastUsed?.ip ?? null,
    },
  });
  return { id, key, description };
}

/** Whether a host product checking `key` now would accept it (the in-process cache is skipped). */
export async function keyWorks(key: string): Promise<boolean> {
  const match = /^lk_(?:test|live)_([0-9A-Za-z]{16})_/.exec(key);
  if (match) forgetApiKey(match[1]!);
  return (await verifyApiKey(key)).ok;
}

export { DAY_MS };

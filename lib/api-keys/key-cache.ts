import "server-only";
import { db } from "@/lib/db/client";
import { findMember, type OrganizationMember } from "@/lib/organizations/member";
import type { ApiKeyEnvironment } from "./key-format";
import type { ApiKeyAccess, ApiKeyType } from "./schemas";

// Verified keys are kept in memory for a moment, so the hot path (/api/v1/me in front of every
// request of the host product) reads the database about twice a second per key, not on every
// call. An entry is fresh for API_KEY_REFRESH_MS; after that the next call reads the key again
// in the background and calls meanwhile still use the entry: on a busy database that read
// queues behind other queries, and every call in flight for the key would wait with it. Past
// API_KEY_CACHE_MS calls wait. A revocation, rotation, demotion or removal made on any
// instance therefore bites everywhere within API_KEY_CACHE_MS (docs/decisions/0017-api-keys.md).
export const API_KEY_REFRESH_MS = 500;
export const API_KEY_CACHE_MS = 1000;
const MAX_ENTRIES = 10_000;

/** What verification needs of a key, its organization and its creator's current membership. */
export type CachedApiKey = {
  id: string;
  orgId: string;
  orgName: string;
  orgSlug: string;
  description: string;
  type: ApiKeyType;
  environment: ApiKeyEnvironment;
  access: ApiKeyAccess;
  secretDigest: string;
  previousDigest: string | null;
  previousExpiresAt: number | null;
  expiresAt: number;
  revokedAt: number | null;
  /** Requests per minute: the key's own, else the organization's default. */
  rateLimit: number;
  createdById: string | null;
  /** Who made the key, as /api/v1/me names them (null once their account is gone). */
  createdBy: { id: string; email: string; name: string } | null;
  /** The creator as a member now, or null once they left: the key then does nothing. */
  creator: OrganizationMember | null;
};

type Entry = { loadedAt: number; value: CachedApiKey | null };
type CacheState = { entries: Map<string, Entry>; loading: Map<string, Promise<CachedApiKey | null>> };

// One cache per process: the /api/v1 server and the Next.js pages are bundled apart, and a
// revocation made from a page must clear the entry the API reads.
const STATE = Symbol.for("latchkey.apiKeyCache");
const state: CacheState = ((globalThis as Record<symbol, CacheState | undefined>)[STATE] ??= { entries: new Map(), loading: new Map() });

async function readApiKey(keyId: string): Promise<CachedApiKey | null> {
  const key = await db.apiKey.findUnique({
    where: { id: keyId },
    select: {
      id: true,
      orgId: true,
      description: true,
      type: true,
      environment: true,
      access: true,
      secretDigest: true,
      previousDigest: true,
      previousExpiresAt: true,
      expiresAt: true,
      revokedAt: true,
      rateLimit: true,
      createdById: true,
      createdBy: { select: { id: true, email: true, firstName: true, lastName: true } },
      org: { select: { name: true, slug: true, apiKeyRateLimit: true } },
    },
  });
  if (!key) return null;
  const creator = key.createdById ? await findMember(key.createdById, key.orgId) : null;
  return {
    id: key.id,
    orgId: key.orgId,
    orgName: key.org.name,
    orgSlug: key.org.slug,
    description: key.description,
    type: key.type as ApiKeyType,
    environment: key.environment as ApiKeyEnvironment,
    access: key.access as ApiKeyAccess,
    secretDigest: key.secretDigest,
    previousDigest: key.previousDigest,
    previousExpiresAt: key.previousExpiresAt?.getTime() ?? null,
    expiresAt: key.expiresAt.getTime(),
    revokedAt: key.revokedAt?.getTime() ?? null,
    rateLimit: key.rateLimit ?? key.org.apiKeyRateLimit,
    createdById: key.createdById,
    createdBy: key.createdBy
      ? { id: key.createdBy.id, email: key.createdBy.email, name: `${key.createdBy.firstName} ${key.createdBy.lastName}`.trim() || key.createdBy.email }
      : null,
    creator,
  };
}

/**
 * The usable cache entry for a key id (null: no such key), or undefined when it must be read.
 * An entry past API_KEY_REFRESH_MS starts a read in the background and is used until it ends.
 */
export function cachedApiKey(keyId: string): CachedApiKey | null | undefined {
  const entry = state.entries.get(keyId);
  if (!entry) return undefined;
  const age = performance.now() - entry.loadedAt;
  if (age >= API_KEY_CACHE_MS) return undefined;
  if (age >= API_KEY_REFRESH_MS && !state.loading.has(keyId)) {
    // A failed read leaves the entry to age out; the call after that waits and hears the error.
    read(keyId).catch(() => undefined);
  }
  return entry.value;
}

/** The key with this id as the database had it less than API_KEY_CACHE_MS ago, or null when there is none. */
export async function loadApiKey(keyId: string): Promise<CachedApiKey | null> {
  const cached = cachedApiKey(keyId);
  if (cached !== undefined) return cached;
  return state.loading.get(keyId) ?? read(keyId);
}

/** Reads the key into the cache; one read per key at a time. */
function read(keyId: string): Promise<CachedApiKey | null> {
  const startedAt = performance.now();
  const loading: Promise<CachedApiKey | null> = readApiKey(keyId)
    .then((value) => {
      // A read that began before forgetApiKey may hold the row as it was before the change.
      if (state.loading.get(keyId) !== loading) return value;
      state.entries.delete(keyId);
      if (state.entries.size >= MAX_ENTRIES) state.entries.delete(state.entries.keys().next().value as string);
      state.entries.set(keyId, { loadedAt: startedAt, value });
      return value;
    })
    .finally(() => {
      if (state.loading.get(keyId) === loading) state.loading.delete(keyId);
    });
  state.loading.set(keyId, loading);
  return loading;
}

/** Drops a key from this instance's cache at once, and any read of it under way (other instances follow within API_KEY_CACHE_MS). */
export function forgetApiKey(keyId: string): void {
  state.entries.delete(keyId);
  state.loading.delete(keyId);
}

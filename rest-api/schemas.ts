// The shapes /api/v1 answers with and accepts. The same zod schemas validate requests and make
// the OpenAPI document (/api/v1/openapi.json); answers carry only these fields.
import { z } from "@hono/zod-openapi";
import { API_KEY_ACCESS_LEVELS, API_KEY_ENVIRONMENT_OPTIONS, API_KEY_TYPES } from "@/lib/api-keys/schemas";
import { recordId } from "@/lib/validation/record-id";
import { PROBLEM_TYPES } from "./problems";

const ids = <T extends readonly { id: string }[]>(choices: T) => choices.map((choice) => choice.id) as unknown as [T[number]["id"], ...T[number]["id"][]];

export const dateTime = z.iso.datetime().openapi({ example: "2026-11-27T12:00:00.000Z" });
const nullableDateTime = dateTime.nullable();

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/api/docs#problem-forbidden" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.record(z.string(), z.array(z.string())).optional().openapi({ description: "Messages per field, for invalid input." }),
  })
  .openapi("Problem", { description: "An RFC 9457 problem: every refusal has this shape, sent as application/problem+json." });

export const idParams = z.object({ id: recordId("Not an id.").meta({ param: { name: "id", in: "path" }, example: "cmi3x1k2m0000abcd1234efgh" }) });

export const cursorQuery = {
  cursor: z.string().max(200).optional().openapi({ description: "`nextCursor` of the previous page; omit for the first page." }),
};

export const roleSchema = z.object({ id: z.string().openapi({ description: "owner, admin, developer, member, or a custom role's id." }), name: z.string() });

export const PersonSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });

export const OrganizationSchema = z.object({ id: z.string(), name: z.string(), slug: z.string() }).openapi("OrganizationSummary");

export const ApiKeyTypeSchema = z.enum(ids(API_KEY_TYPES));
export const ApiKeyEnvironmentSchema = z.enum(ids(API_KEY_ENVIRONMENT_OPTIONS));
export const ApiKeyAccessSchema = z.enum(ids(API_KEY_ACCESS_LEVELS));

export const MeSchema = z
  .object({
    keyId: z.string(),
    type: ApiKeyTypeSchema,
    environment: ApiKeyEnvironmentSchema,
    access: ApiKeyAccessSchema,
    expiresAt: dateTime,
    organization: OrganizationSchema,
    creator: PersonSchema,
    rateLimit: z.object({ limit: z.number().int(), windowSeconds: z.number().int() }),
  })
  .openapi("Me");

export const OrganizationDetailsSchema = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), country: z.string().nullable(), createdAt: dateTime })
  .openapi("Organization");

export const MemberSchema = z
  .object({
    id: z.string().openapi({ description: "The membership id: use it in /members/{id}." }),
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    companies: z.union([z.literal("all"), z.array(z.object({ id: z.string(), name: z.string() }))]),
    joinedAt: dateTime,
    lastActiveAt: nullableDateTime,
  })
  .openapi("Member");

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: roleSchema,
    invitedBy: z.string().nullable(),
    sentAt: dateTime,
    expiresAt: dateTime,
    status: z.enum(["pending", "expired", "revoked", "accepted"]),
  })
  .openapi("Invitation");

export const AuditEventSchema = z
  .object({
    id: z.string(),
    action: z.string().openapi({ example: "member.role_changed" }),
    label: z.string(),
    createdAt: dateTime,
    ipAddress: z.string().nullable(),
    actor: z.object({ name: z.string(), email: z.string() }).nullable(),
    target: z.string(),
    details: z.string(),
  })
  .openapi("AuditEvent");

export const ApiKeySchema = z
  .object({
    id: z.string(),
    description: z.string(),
    type: ApiKeyTypeSchema,
    environment: ApiKeyEnvironmentSchema,
    access: ApiKeyAccessSchema,
    maskedKey: z.string().openapi({ example: "lk_live_AbCdEfGh12345678_…9xYz" }),
    status: z.enum(["active", "expiring", "expired", "revoked"]),
    createdAt: dateTime,
    createdBy: PersonSchema.nullable(),
    expiresAt: dateTime,
    revokedAt: nullableDateTime,
    lastUsedAt: nullableDateTime,
    lastUsedIp: z.string().nullable(),
    previousSecretExpiresAt: nullableDateTime.openapi({ description: "Until when the secret before the last rotation still works." }),
    rateLimit: z.number().int().openapi({ description: "Requests per minute." }),
  })
  .openapi("ApiKey");

export const NewApiKeySchema = z.object({ key: z.string().openapi({ description: "The whole key. Shown once: store it now." }), apiKey: ApiKeySchema }).openapi("NewApiKey");

export function page<T extends z.ZodType>(name: string, item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

/** The refusals an operation can answer with, documented on every operation that can give them. */
export function problems(...types: (keyof typeof PROBLEM_TYPES)[]) {
  const out: Record<number, { description: string; content: typeof problemContent; headers?: Record<string, { schema: { type: "string" }; description: string }> }> = {};
  for (const type of ["unauthenticated", "rate-limited", "internal-error", "database-unavailable", ...types] as const) {
    const { status, about } = PROBLEM_TYPES[type];
    out[status] = { description: about, content: problemContent };
  }
  return out;
}

/** Every answer to a known key says its budget (IETF RateLimit headers). */
export const rateLimitHeaders = {
  "RateLimit-Policy": { schema: { type: "string" as const }, description: 'The key\'s budget, e.g. `"default";q=600;w=60`: 600 requests per 60 seconds.' },
  RateLimit: { schema: { type: "string" as const }, description: 'What is left of it, e.g. `"default";r=599;t=42`: 599 requests in the next 42 seconds.' },
};

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, headers: rateLimitHeaders, content: { "application/json": { schema } } };
}

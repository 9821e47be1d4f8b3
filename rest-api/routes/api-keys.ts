import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { API_KEY_STATUSES, createApiKey, listApiKeys, revokeApiKey, rotateApiKey, type ApiKeyStatus } from "@/lib/api-keys/api-keys";
import { API_KEY_EXPIRY_CHOICES, apiKeyAccess, apiKeyDescription, apiKeyEnvironment, apiKeyType, rotationGrace } from "@/lib/api-keys/schemas";
import { guard, limitBody, type ApiEnv } from "../guard";
import { presentApiKey } from "../present";
import { ApiKeyEnvironmentSchema, ApiKeySchema, NewApiKeySchema, cursorQuery, idParams, json, page, problems } from "../schemas";

const read = guard({ kind: "read", permissions: ["api_keys.view"] });
const manage = guard({ kind: "write", permissions: ["api_keys.manage_own", "api_keys.manage"] });
const bodyProblems = ["forbidden", "not-found", "conflict", "bad-request", "payload-too-large", "unsupported-media-type", "invalid-input"] as const;

const listRoute = createRoute({
  method: "get",
  path: "/api-keys",
  tags: ["API keys"],
  summary: "List API keys",
  description: "The organization's keys, newest first, 50 a page: masked, never a secret.",
  middleware: [read],
  request: {
    query: z.object({
      ...cursorQuery,
      environment: ApiKeyEnvironmentSchema.optional(),
      status: z.enum(API_KEY_STATUSES.map((status) => status.id) as [ApiKeyStatus, ...ApiKeyStatus[]]).optional(),
    }),
  },
  responses: { 200: json(page("ApiKeyPage", ApiKeySchema), "A page of keys."), ...problems("forbidden", "invalid-input") },
});

const expiryIds = API_KEY_EXPIRY_CHOICES.map((choice) => choice.id) as unknown as [
  (typeof API_KEY_EXPIRY_CHOICES)[number]["id"],
  ...(typeof API_KEY_EXPIRY_CHOICES)[number]["id"][],
];

const createBody = z
  .strictObject({
    description: apiKeyDescription.meta({ example: "Production API Key" }),
    type: apiKeyType.default("integration"),
    environment: apiKeyEnvironment,
    access: apiKeyAccess,
    expires: z.enum(expiryIds, { error: "Choose when the key expires: 30d, 90d, 1y or custom." }).default("1y"),
    expiresOn: z.string({ error: "Enter a date." }).max(20).optional().openapi({ description: "With `expires: custom`: the last day (YYYY-MM-DD, UTC), within a year." }),
  })
  .superRefine((value, context) => {
    if (value.expires === "custom" && !/^\d{4}-\d{2}-\d{2}$/.test(value.expiresOn ?? "")) {
      context.addIssue({ code: "custom", path: ["expiresOn"], message: "Enter the expiry date as YYYY-MM-DD." });
    }
  })
  .openapi("ApiKeyInput");

const createKeyRoute = createRoute({
  method: "post",
  path: "/api-keys",
  tags: ["API keys"],
  summary: "Create an API key",
  description:
    "A new key with its creator being the calling key's creator. It never exceeds the calling key: same environment, the same access or less, and an expiry no later than the calling key's. The whole key is in the answer once.",
  middleware: [manage, limitBody],
  request: { body: { required: true, content: { "application/json": { schema: createBody } } } },
  responses: { 201: json(NewApiKeySchema, "The key, shown once."), ...problems(...bodyProblems) },
});

const rotateBody = z
  .strictObject({ grace: rotationGrace.default("none").openapi({ description: "How long the old secret keeps working: none, 1h, 24h or 7d." }) })
  .openapi("ApiKeyRotation");

const rotateRoute = createRoute({
  method: "post",
  path: "/api-keys/{id}/rotate",
  tags: ["API keys"],
  summary: "Rotate a key's secret",
  description: "A new secret for the same key id and settings; the old one works for the grace period (never past the key's expiry).",
  middleware: [manage, limitBody],
  request: { params: idParams, body: { required: false, content: { "application/json": { schema: rotateBody } } } },
  responses: { 200: json(NewApiKeySchema, "The key with its new secret, shown once."), ...problems(...bodyProblems) },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/api-keys/{id}",
  tags: ["API keys"],
  summary: "Revoke a key",
  description: "Immediate: every instance refuses it within a second.",
  middleware: [manage],
  request: { params: idParams },
  responses: { 200: json(ApiKeySchema, "The revoked key."), ...problems("forbidden", "not-found", "invalid-input") },
});

export function registerApiKeyRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const { cursor, environment, status } = c.req.valid("query");
    const result = await listApiKeys(c.get("principal").member, { cursor, environment, status });
    return c.json({ data: result.keys.map(presentApiKey), nextCursor: result.nextCursor }, 200);
  });
  app.openapi(createKeyRoute, async (c) => {
    const { key, member } = c.get("principal");
    const created = await createApiKey(member, c.req.valid("json"), c.get("context"), { access: key.access, environment: key.environment, expiresAt: new Date(key.expiresAt) });
    return c.json({ key: created.key, apiKey: presentApiKey(created.apiKey) }, 201);
  });
  app.openapi(rotateRoute, async (c) => {
    const rotated = await rotateApiKey(c.get("principal").member, c.req.valid("param").id, c.req.valid("json").grace ?? "none", c.get("context"));
    return c.json({ key: rotated.key, apiKey: presentApiKey(rotated.apiKey) }, 200);
  });
  app.openapi(revokeRoute, async (c) => {
    return c.json(presentApiKey(await revokeApiKey(c.get("principal").member, c.req.valid("param").id, c.get("context"))), 200);
  });
}

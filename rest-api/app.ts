// Latchkey's REST API (/api/v1, docs/decisions/0019-rest-api-server.md): a Hono app that runs
// in front of Next.js in scripts/server.mjs and calls the same lib/ domain functions as the
// pages. Tests call `restApi.request(path, init)` directly.
import { OpenAPIHono } from "@hono/zod-openapi";
import { appUrlFromEnv, isSecureAppUrl } from "@/lib/config/app-url";
import { renderDocsPage } from "./docs-page";
import type { ApiEnv } from "./guard";
import { asResponse, problemForError, problemResponse, validationErrors } from "./problems";
import { registerApiKeyRoutes } from "./routes/api-keys";
import { registerAuditLogRoutes } from "./routes/audit-log";
import { registerInvitationRoutes } from "./routes/invitations";
import { registerMeRoutes } from "./routes/me";
import { registerMemberRoutes } from "./routes/members";
import { registerNotificationRoutes } from "./routes/notifications";
import { registerOrganizationRoutes } from "./routes/organization";

export const API_BASE_PATH = "/api/v1";
export const DOCS_PATH = "/api/docs";

// The headers next.config.ts and proxy.ts give pages, for JSON (set on the Node response by
// rest-api/handler.ts, where they cost nothing per call): nothing here is to be framed,
// sniffed, cached (answers may hold a new key) or run as a document.
export const API_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  // As proxy.ts does for pages when Latchkey is served over https.
  ...(isSecureAppUrl(appUrlFromEnv()) ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
};

function createApi(): OpenAPIHono<ApiEnv> {
  const api = new OpenAPIHono<ApiEnv>({
    // A body that fails its schema: 422 with the messages per field, nothing changed.
    defaultHook: (result) => {
      if (!result.success) return problemResponse("invalid-input", "Check the fields listed in `errors` and try again.", { errors: validationErrors(result.error) });
    },
  }).basePath(API_BASE_PATH);
  registerMeRoutes(api);
  registerOrganizationRoutes(api);
  registerMemberRoutes(api);
  registerInvitationRoutes(api);
  registerAuditLogRoutes(api);
  registerApiKeyRoutes(api);
  registerNotificationRoutes(api);
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An organization API key (`lk_live_…` or `lk_test_…`), in the Authorization header only.",
  });
  return api;
}

const api = createApi();

/** The OpenAPI 3.1 document, made once from the schemas that validate the requests. */
export const openApiDocument = api.getOpenAPI31Document({
  openapi: "3.1.0",
  info: {
    title: "Latchkey API",
    version: "1.0.0",
    description:
      "Manage a Latchkey organization with an API key: its members, invitations, audit log and API keys, and send its members notifications. A key acts as its creator, within the key's access level and never beyond the creator's role at the moment of the call.",
  },
  servers: [{ url: "/" }],
  security: [{ bearer: [] }],
});
const openApiJson = JSON.stringify(openApiDocument);
const docsPage = renderDocsPage(openApiDocument);

api.get("/openapi.json", () => new Response(openApiJson, { headers: { "Content-Type": "application/json; charset=utf-8" } }));

export const restApi = new OpenAPIHono();
restApi.get(DOCS_PATH, () => new Response(docsPage.html, { headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": docsPage.contentSecurityPolicy } }));
restApi.route("/", api);
restApi.notFound(() => problemResponse("not-found", "There is no such endpoint. See /api/docs."));
restApi.onError((error) => asResponse(problemForError(error)));

import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listOrganizationEvents } from "@/lib/audit/organization-log";
import { guard, type ApiEnv } from "../guard";
import { presentAuditEvent } from "../present";
import { AuditEventSchema, cursorQuery, json, page, problems } from "../schemas";

const AUDIT_LOG_MAX_PAGE_SIZE = 100;
const AUDIT_LOG_DEFAULT_PAGE_SIZE = 25;

const listRoute = createRoute({
  method: "get",
  path: "/audit-log",
  tags: ["Audit log"],
  summary: "Read the organization audit log",
  description: "Events newest first. Changes made through this API name the key's creator as actor; the key is recorded with them.",
  middleware: [guard({ kind: "read", permissions: ["audit_log.view"] })],
  request: {
    query: z.object({
      ...cursorQuery,
      limit: z.coerce
        .number({ error: "Send a whole number." })
        .int("Send a whole number.")
        .min(1, "Ask for at least 1 event.")
        .max(AUDIT_LOG_MAX_PAGE_SIZE, `Ask for at most ${AUDIT_LOG_MAX_PAGE_SIZE} events.`)
        .default(AUDIT_LOG_DEFAULT_PAGE_SIZE)
        .openapi({ description: `Events per page (1–${AUDIT_LOG_MAX_PAGE_SIZE}).` }),
    }),
  },
  responses: { 200: json(page("AuditEventPage", AuditEventSchema), "A page of events."), ...problems("forbidden", "invalid-input") },
});

export function registerAuditLogRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const { cursor, limit } = c.req.valid("query");
    const result = await listOrganizationEvents(c.get("principal").member, { cursor }, limit);
    return c.json({ data: result.entries.map(presentAuditEvent), nextCursor: result.nextCursor }, 200);
  });
}

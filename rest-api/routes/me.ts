import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { WINDOW_MS } from "@/lib/rate-limit/shared-window";
import { guard, type ApiEnv } from "../guard";
import { MeSchema, json, problems } from "../schemas";

const WINDOW_SECONDS = WINDOW_MS / 1000;

const getMe = createRoute({
  method: "get",
  path: "/me",
  tags: ["Key"],
  summary: "The key's principal",
  description:
    "Who a key acts for: its organization, its creator, its access and its rate limit. The call a host product makes to check a key a client presented; it works for every access level and reads nothing from the database while the key is cached (at most 500 ms).",
  middleware: [guard({ kind: null, permissions: [] })],
  responses: { 200: json(MeSchema, "The key works."), ...problems() },
});

export function registerMeRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(getMe, (c) => {
    const { key, member } = c.get("principal");
    return c.json(
      {
        keyId: key.id,
        type: key.type,
        environment: key.environment,
        access: key.access,
        expiresAt: new Date(key.expiresAt).toISOString(),
        organization: { id: key.orgId, name: key.orgName, slug: key.orgSlug },
        creator: key.createdBy ?? { id: member.userId, email: "", name: "" },
        rateLimit: { limit: key.rateLimit, windowSeconds: WINDOW_SECONDS },
      },
      200,
    );
  });
}

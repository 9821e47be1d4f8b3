import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";
import type { CachedApiKey } from "@/lib/api-keys/key-cache";
import type { OrganizationMember } from "@/lib/organizations/member";
import { WINDOW_MS } from "@/lib/rate-limit/shared-window";
import type { ApiPrincipal } from "@/lib/api-keys/authenticate";
import { guard, type ApiEnv, type Requirement } from "../guard";
import { MeSchema, json, problems } from "../schemas";

const WINDOW_SECONDS = WINDOW_MS / 1000;

/** What GET /me requires: any working key, whatever its access level, and no permission. */
export const ME_REQUIREMENT: Requirement = { kind: null, permissions: [] };

const getMe = createRoute({
  method: "get",
  path: "/me",
  tags: ["Key"],
  summary: "The key's principal",
  description:
    "Who a key acts for: its organization, its creator, its access and its rate limit. The call a host product makes to check a key a client presented; it works for every access level and reads nothing from the database while the key is cached (at most 1 s, refreshed in the background after 500 ms).",
  middleware: [guard(ME_REQUIREMENT)],
  responses: { 200: json(MeSchema, "The key works."), ...problems() },
});

type Principal = z.infer<typeof MeSchema>;

function principalOf(key: CachedApiKey, member: OrganizationMember): Principal {
  return {
    keyId: key.id,
    type: key.type,
    environment: key.environment,
    access: key.access,
    expiresAt: new Date(key.expiresAt).toISOString(),
    organization: { id: key.orgId, name: key.orgName, slug: key.orgSlug },
    creator: key.createdBy ?? { id: member.userId, email: "", name: "" },
    rateLimit: { limit: key.rateLimit, windowSeconds: WINDOW_SECONDS },
  };
}

// The answer as JSON per cache entry: it changes only when the entry does (at most every
// API_KEY_REFRESH_MS), and serializing it anew was a twentieth of each call's time.
const bodies = new WeakMap<CachedApiKey, string>();

/** The answer to GET /me, as JSON: here and in rest-api/handler.ts, which answers it without the router. */
export function meBody({ key, member }: ApiPrincipal): string {
  let body = bodies.get(key);
  if (body === undefined) bodies.set(key, (body = JSON.stringify(principalOf(key, member))));
  return body;
}

export function registerMeRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(getMe, (c) => {
    // What c.json would answer, from JSON already made; the type says so, as c.json's would.
    return c.body(meBody(c.get("principal")), 200, { "Content-Type": "application/json" }) as unknown as TypedResponse<Principal, 200, "json">;
  });
}

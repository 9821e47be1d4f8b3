import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { getOrganizationDetails } from "@/lib/organizations/organizations";
import { guard, type ApiEnv } from "../guard";
import { OrganizationDetailsSchema, json, problems } from "../schemas";

const getOrganization = createRoute({
  method: "get",
  path: "/organization",
  tags: ["Organization"],
  summary: "The key's organization",
  middleware: [guard({ kind: "read", permissions: ["organization.view"] })],
  responses: { 200: json(OrganizationDetailsSchema, "The organization."), ...problems("forbidden") },
});

export function registerOrganizationRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(getOrganization, async (c) => {
    const organization = await getOrganizationDetails(c.get("principal").member);
    return c.json({ ...organization, createdAt: organization.createdAt.toISOString() }, 200);
  });
}

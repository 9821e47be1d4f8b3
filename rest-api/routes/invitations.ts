import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listInvitations, revokeInvitation } from "@/lib/organizations/invitations";
import { guard, limitBody, type ApiEnv } from "../guard";
import { presentInvitation } from "../present";
import { InvitationSchema, cursorQuery, idParams, json, page, problems, rateLimitHeaders } from "../schemas";
import { invitationBody, inviteOne } from "./invite";

const read = guard({ kind: "read", permissions: ["members.manage"] });
const manage = guard({ kind: "write", permissions: ["members.manage"] });

const listRoute = createRoute({
  method: "get",
  path: "/invitations",
  tags: ["Invitations"],
  summary: "List invitations",
  description: "Every invitation of the organization, newest first, 50 a page, whatever its status.",
  middleware: [read],
  request: { query: z.object(cursorQuery) },
  responses: { 200: json(page("InvitationPage", InvitationSchema), "A page of invitations."), ...problems("forbidden", "invalid-input") },
});

const createInvitationRoute = createRoute({
  method: "post",
  path: "/invitations",
  tags: ["Invitations"],
  summary: "Invite someone",
  description: 'Sends an invitation, e.g. `{"email": "ada@example.com", "role": "member"}`. The link works for seven days, for that address only.',
  middleware: [manage, limitBody],
  request: { body: { required: true, content: { "application/json": { schema: invitationBody } } } },
  responses: {
    201: json(InvitationSchema, "The invitation was sent."),
    ...problems("forbidden", "not-found", "conflict", "bad-request", "payload-too-large", "unsupported-media-type", "invalid-input"),
  },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/invitations/{id}",
  tags: ["Invitations"],
  summary: "Revoke an invitation",
  description: "Its link stops working at once.",
  middleware: [manage],
  request: { params: idParams },
  responses: { 204: { description: "Revoked.", headers: rateLimitHeaders }, ...problems("forbidden", "not-found", "conflict", "invalid-input") },
});

export function registerInvitationRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const result = await listInvitations(c.get("principal").member, { cursor: c.req.valid("query").cursor });
    return c.json({ data: result.invitations.map(presentInvitation), nextCursor: result.nextCursor }, 200);
  });
  app.openapi(createInvitationRoute, async (c) => {
    const invitation = await inviteOne(c.get("principal").member, c.req.valid("json"), c.get("context"));
    return c.json(presentInvitation(invitation), 201);
  });
  app.openapi(revokeRoute, async (c) => {
    await revokeInvitation(c.get("principal").member, c.req.valid("param").id, c.get("context"));
    return c.body(null, 204);
  });
}

import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { changeMemberCompanies, changeMemberRole, getMember, listMembers, removeMember } from "@/lib/organizations/members";
import { guard, limitBody, type ApiEnv } from "../guard";
import { presentInvitation, presentMember } from "../present";
import { InvitationSchema, MemberSchema, cursorQuery, idParams, json, page, problems, rateLimitHeaders } from "../schemas";
import { companiesField, invitationBody, inviteOne, roleField } from "./invite";

const read = guard({ kind: "read", permissions: ["organization.view"] });
const manage = guard({ kind: "write", permissions: ["members.manage"] });

const listRoute = createRoute({
  method: "get",
  path: "/members",
  tags: ["Members"],
  summary: "List members",
  description: "The organization's members in the order they joined, 50 a page.",
  middleware: [read],
  request: {
    query: z.object({
      ...cursorQuery,
      query: z.string().max(100, "Search with at most 100 characters.").optional().openapi({ description: "Words each found in the name or email." }),
    }),
  },
  responses: { 200: json(page("MemberPage", MemberSchema), "A page of members."), ...problems("forbidden", "invalid-input") },
});

const addRoute = createRoute({
  method: "post",
  path: "/members",
  tags: ["Members"],
  summary: "Add a member (by invitation)",
  description:
    "Latchkey adds people only by invitation: this sends an invitation to the address with the role, and answers 202 with it. The person becomes a member when they accept it. Same as `POST /invitations`.",
  middleware: [manage, limitBody],
  request: { body: { required: true, content: { "application/json": { schema: invitationBody } } } },
  responses: {
    202: json(InvitationSchema, "The invitation was sent."),
    ...problems("forbidden", "not-found", "conflict", "bad-request", "payload-too-large", "unsupported-media-type", "invalid-input"),
  },
});

const updateBody = z
  .strictObject({ role: roleField.optional(), companies: companiesField.optional() })
  .refine((value) => value.role !== undefined || value.companies !== undefined, { message: "Send a role, companies, or both.", path: ["role"] })
  .openapi("MemberUpdate");

const updateRoute = createRoute({
  method: "patch",
  path: "/members/{id}",
  tags: ["Members"],
  summary: "Change a member's role or companies",
  middleware: [manage, limitBody],
  request: { params: idParams, body: { required: true, content: { "application/json": { schema: updateBody } } } },
  responses: {
    200: json(MemberSchema, "The member as they are now."),
    ...problems("forbidden", "not-found", "conflict", "bad-request", "payload-too-large", "unsupported-media-type", "invalid-input"),
  },
});

const removeRoute = createRoute({
  method: "delete",
  path: "/members/{id}",
  tags: ["Members"],
  summary: "Remove a member",
  description: "The person loses access at once; their API keys stop working.",
  middleware: [manage],
  request: { params: idParams },
  responses: { 204: { description: "Removed.", headers: rateLimitHeaders }, ...problems("forbidden", "not-found", "conflict", "invalid-input") },
});

export function registerMemberRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const { cursor, query } = c.req.valid("query");
    const result = await listMembers(c.get("principal").member, { cursor, query });
    return c.json({ data: result.members.map(presentMember), nextCursor: result.nextCursor }, 200);
  });
  app.openapi(addRoute, async (c) => {
    const invitation = await inviteOne(c.get("principal").member, c.req.valid("json"), c.get("context"));
    return c.json(presentInvitation(invitation), 202);
  });
  app.openapi(updateRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { role, companies } = c.req.valid("json");
    const { member } = c.get("principal");
    if (role !== undefined) await changeMemberRole(member, { membershipId: id, roleId: role }, c.get("context"));
    if (companies !== undefined) {
      await changeMemberCompanies(
        member,
        { membershipId: id, companyAccess: companies === "all" ? "all" : "some", companyIds: companies === "all" ? [] : companies },
        c.get("context"),
      );
    }
    return c.json(presentMember(await getMember(member, id)), 200);
  });
  app.openapi(removeRoute, async (c) => {
    await removeMember(c.get("principal").member, c.req.valid("param").id, c.get("context"));
    return c.body(null, 204);
  });
}

import { z } from "@hono/zod-openapi";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { getInvitation, inviteMembers, type InvitationRow } from "@/lib/organizations/invitations";
import type { OrganizationMember } from "@/lib/organizations/member";
import { COMPANY_PICK_MAX } from "@/lib/organizations/schemas";
import { emailSchema } from "@/lib/validation/fields";
import { recordId } from "@/lib/validation/record-id";

export const roleField = recordId("Choose a role: owner, admin, developer, member, or a custom role's id.").meta({
  description: "owner, admin, developer, member, or a custom role's id.",
  example: "member",
});

export const companiesField = z
  .union([z.literal("all"), z.array(recordId("Choose a company by its id.")).min(1, 'Name at least one company, or send "all".').max(COMPANY_PICK_MAX)], {
    error: 'Send "all" or a list of company ids.',
  })
  .openapi({ description: '"all" (the default) or the ids of the companies the person may see.' });

export const invitationBody = z
  .strictObject({ email: emailSchema.meta({ example: "ada@example.com" }), role: roleField, companies: companiesField.optional() })
  .openapi("InvitationInput");

/** Invites one address and answers with the invitation; an address already invited or a member is a conflict. */
export async function inviteOne(member: OrganizationMember, input: z.infer<typeof invitationBody>, context: RequestContext): Promise<InvitationRow> {
  const companies = input.companies ?? "all";
  const outcome = await inviteMembers(
    member,
    { emails: [input.email], roleId: input.role, companyAccess: companies === "all" ? "all" : "some", companyIds: companies === "all" ? [] : companies },
    context,
  );
  const [invitationId] = outcome.invitationIds;
  if (!invitationId) throw new AppError("CONFLICT", outcome.skipped[0]?.reason ?? "That address cannot be invited now.");
  return getInvitation(member, invitationId);
}

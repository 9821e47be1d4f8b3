// Members and invitations input, shared by the members page's forms and its server actions.
import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { emailSchema } from "@/lib/validation/fields";
import { repeatedField } from "@/lib/validation/form-data";

/** Addresses one "New invitation" may name. */
export const INVITATION_BATCH_MAX = 50;
/** Companies one member or invitation may be limited to. */
export const COMPANY_PICK_MAX = 200;

const idSchema = recordId;

/** A role id as forms send it: a built-in id or a custom role's id; which ones exist is the domain's call. */
const roleIdSchema = idSchema("Choose a role.");

/** "All companies" (the default) or only the companies ticked. */
const companiesFields = {
  companyAccess: z.enum(["all", "some"], { error: "Choose which companies." }).default("all"),
  companyIds: repeatedField(idSchema("Choose a company."), { max: COMPANY_PICK_MAX, label: "companies" }),
};

function refineCompanies<T extends { companyAccess: "all" | "some"; companyIds: string[] }>(input: T, context: z.RefinementCtx) {
  if (input.companyAccess === "some" && input.companyIds.length === 0) {
    context.addIssue({ code: "custom", path: ["companyIds"], message: "Pick at least one company, or choose All companies." });
  }
}

/** One or several addresses, separated by commas, semicolons or line breaks. */
export function splitEmailList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

const emailListSchema = z
  .string({ error: "Enter at least one email address." })
  .max(INVITATION_BATCH_MAX * 300, "That list is too long.")
  .transform((value, context) => {
    const parts = splitEmailList(value);
    if (parts.length === 0) {
      context.addIssue({ code: "custom", message: "Enter at least one email address." });
      return z.NEVER;
    }
    if (parts.length > INVITATION_BATCH_MAX) {
      context.addIssue({ code: "custom", message: `Invite at most ${INVITATION_BATCH_MAX} addresses at a time.` });
      return z.NEVER;
    }
    const emails: string[] = [];
    for (const part of parts) {
      const parsed = emailSchema.safeParse(part);
      if (!parsed.success) {
        context.addIssue({ code: "custom", message: `“${part.slice(0, 100)}” is not a valid email address.` });
        continue;
      }
      if (!emails.includes(parsed.data)) emails.push(parsed.data);
    }
    return emails;
  });

export const inviteMembersSchema = z.object({ emails: emailListSchema, roleId: roleIdSchema, ...companiesFields }).superRefine(refineCompanies);
export type InviteMembersInput = z.infer<typeof inviteMembersSchema>;

export const invitationIdSchema = z.object({ invitationId: idSchema("Choose an invitation.") });
export type InvitationIdInput = z.infer<typeof invitationIdSchema>;

export const membershipIdSchema = z.object({ membershipId: idSchema("Choose a member.") });

export const changeMemberRoleSchema = z.object({ membershipId: idSchema("Choose a member."), roleId: roleIdSchema });
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

export const changeMemberCompaniesSchema = z.object({ membershipId: idSchema("Choose a member."), ...companiesFields }).superRefine(refineCompanies);
export type ChangeMemberCompaniesInput = z.infer<typeof changeMemberCompaniesSchema>;

/** An invitation link's token: base64url, as generateToken makes it. */
export const invitationTokenSchema = z.object({
  token: z.string({ error: "This invitation link is incomplete." }).regex(/^[A-Za-z0-9_-]{20,200}$/, "This invitation link is incomplete."),
});

/** Sign-up's hidden field when it came from an invitation link. */
export const signUpInvitationSchema = z.object({
  invitation: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,200}$/, "This invitation link is incomplete.")
    .optional(),
});

/** The members page's search box: trimmed, bounded, empty means no filter. */
export const memberSearchSchema = z.string().trim().max(100).catch("");

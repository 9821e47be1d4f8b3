"use server";

import { organizationAction } from "@/lib/actions/define-action";
import { inviteMembers, resendInvitation, revokeInvitation, type InviteOutcome } from "@/lib/organizations/invitations";
import { changeMemberCompanies, changeMemberRole, removeMember } from "@/lib/organizations/members";
import { changeMemberCompaniesSchema, changeMemberRoleSchema, invitationIdSchema, inviteMembersSchema, membershipIdSchema } from "@/lib/organizations/schemas";

const MEMBERS_PAGE = "/settings/organization/members";

export const inviteMembersAction = organizationAction<typeof inviteMembersSchema, InviteOutcome>(
  { permission: "members.manage", schema: inviteMembersSchema, echo: ["emails"], revalidate: MEMBERS_PAGE },
  async (input, { member, context }) => {
    const outcome = await inviteMembers(member, input, context);
    const count = outcome.sent.length;
    const message = count === 0 ? "No invitation was sent." : count === 1 ? `Invitation sent to ${outcome.sent[0]}.` : `${count} invitations sent.`;
    return { data: outcome, message };
  },
);

export const resendInvitationAction = organizationAction(
  { permission: "members.manage", schema: invitationIdSchema, revalidate: MEMBERS_PAGE },
  async (input, { member, context }) => {
    const { email } = await resendInvitation(member, input.invitationId, context);
    return { message: `A new invitation link was sent to ${email}. The previous link no longer works.` };
  },
);

export const revokeInvitationAction = organizationAction(
  { permission: "members.manage", schema: invitationIdSchema, revalidate: MEMBERS_PAGE },
  async (input, { member, context }) => {
    const { email } = await revokeInvitation(member, input.invitationId, context);
    return { message: `The invitation to ${email} was revoked.` };
  },
);

export const changeMemberRoleAction = organizationAction(
  { permission: "members.manage", schema: changeMemberRoleSchema, revalidate: MEMBERS_PAGE },
  async (input, { member, context }) => {
    const { name, roleName } = await changeMemberRole(member, input, context);
    return { message: `${name} is now ${roleName}.` };
  },
);

export const changeMemberCompaniesAction = organizationAction(
  { permission: "members.manage", schema: changeMemberCompaniesSchema, revalidate: MEMBERS_PAGE },
  async (input, { member, context }) => {
    const { name } = await changeMemberCompanies(member, input, context);
    return { message: `Company access of ${name} saved.` };
  },
);

export const removeMemberAction = organizationAction({ permission: "members.manage", schema: membershipIdSchema, revalidate: MEMBERS_PAGE }, async (input, { member, context }) => {
  const { name } = await removeMember(member, input.membershipId, context);
  // The row and its form are gone once removed: the page says it instead.
  return { message: `${name} was removed from the organization.`, redirect: `${MEMBERS_PAGE}?notice=removed` };
});

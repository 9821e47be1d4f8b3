"use server";

import { userAction } from "@/lib/actions/define-action";
import { switchOrganization } from "@/lib/organizations/current-organization";
import { acceptInvitation } from "@/lib/organizations/invitations";
import { invitationTokenSchema } from "@/lib/organizations/schemas";

/** "Join organization": joins with the signed-in account, then opens the organization. */
export const acceptInvitationAction = userAction({ schema: invitationTokenSchema }, async (input, { session, context }) => {
  const { orgId, orgName } = await acceptInvitation(session.user.id, input.token, context);
  await switchOrganization(session, orgId);
  return { message: `You joined ${orgName}.`, redirect: "/settings/organization/members?notice=joined" };
});

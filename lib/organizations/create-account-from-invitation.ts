import "server-only";
import { createAccount } from "@/lib/account/create-account";
import type { SignUpInput } from "@/lib/account/schemas";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { acceptInvitation, getInvitationByToken, INVITATION_UNUSABLE_MESSAGES } from "./invitations";

/**
 * Sign-up from an invitation link: the account gets the invitation's address, whatever the
 * form sent (the field is read-only, and the server does not trust that), starts with its own
 * organization like every account, and joins the inviting one. Following the link proved the
 * mailbox, so the address counts as verified (docs/decisions/0014-invitations.md).
 *
 * Returns the organization joined, or null when the invitation was used or withdrawn between
 * the check and the join: the account exists either way, and the person can ask again.
 */
export async function createAccountFromInvitation(
  input: SignUpInput,
  token: string,
  context: RequestContext,
): Promise<{ userId: string; email: string; joinedOrgId: string | null }> {
  const invitation = await getInvitationByToken(token);
  if (invitation.state !== "pending") throw new AppError("NOT_FOUND", INVITATION_UNUSABLE_MESSAGES[invitation.state]);
  const { userId } = await createAccount({ ...input, email: invitation.email }, context);
  try {
    const { orgId } = await acceptInvitation(userId, token, context, { verifiesEmail: true });
    return { userId, email: invitation.email, joinedOrgId: orgId };
  } catch (error) {
    if (error instanceof AppError) return { userId, email: invitation.email, joinedOrgId: null };
    throw error;
  }
}

/**
 * Points the switcher of a new account's sessions (the one sign-up just opened) at the
 * organization it joined, so it lands there rather than in its own new organization.
 */
export async function openJoinedOrganization(userId: string, orgId: string): Promise<void> {
  const member = await db.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { id: true } });
  if (!member) return;
  await db.session.updateMany({ where: { userId, currentOrgId: null }, data: { currentOrgId: orgId } });
}

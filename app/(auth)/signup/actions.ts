"use server";

import { publicAction } from "@/lib/actions/define-action";
import { createAccount } from "@/lib/account/create-account";
import { createAccountFromInvitation, openJoinedOrganization } from "@/lib/organizations/create-account-from-invitation";
import { signUpInvitationSchema } from "@/lib/organizations/schemas";
import { signUpSchema } from "@/lib/account/schemas";
import { signIn } from "@/lib/auth/config";
import { getConfig } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { DEFAULT_AFTER_SIGN_IN } from "@/lib/http/safe-redirect";
import { limit } from "@/lib/rate-limit/limit";

export const signUpAction = publicAction(
  { schema: () => signUpSchema(getConfig().PASSWORD_POLICY).and(signUpInvitationSchema), echo: ["firstName", "lastName", "email", "organizationName"] },
  async (input, { context }) => {
    if (context.ipAddress) await limit("sign-up:ip", context.ipAddress);
    let joined: Awaited<ReturnType<typeof createAccountFromInvitation>> | null = null;
    try {
      // From an invitation link: the invitation's address, and the account joins its organization.
      if (input.invitation) joined = await createAccountFromInvitation(input, input.invitation, context);
      else await createAccount(input, context);
    } catch (error) {
      if (error instanceof AppError && error.code === "CONFLICT") {
        // See docs/decisions/0003-sign-up-and-existing-emails.md.
        throw new AppError("CONFLICT", "We couldn't create an account with this email. If you already have one, sign in instead.", {
          email: ["Use another email, or sign in."],
        });
      }
      throw error;
    }
    await signIn("credentials", { email: joined?.email ?? input.email, password: input.password, redirect: false });
    if (joined?.joinedOrgId) {
      await openJoinedOrganization(joined.userId, joined.joinedOrgId);
      return { redirect: "/settings/organization/members?notice=joined" };
    }
    return { redirect: DEFAULT_AFTER_SIGN_IN };
  },
);

import "server-only";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { hashPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { issueEmailToken } from "@/lib/email-tokens/email-tokens";
import { sendNotice } from "@/lib/email/send-email";
import { appLink, emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import { withinLimit } from "@/lib/rate-limit/limit";
import { withFreeSlug } from "@/lib/organizations/slug";
import type { SignUpInput } from "./schemas";
import { isUniqueViolation } from "@/lib/db/unique-violation";

/**
 * Creates the user, their first organization and their Owner membership in one transaction,
 * then mails the link that verifies the address. An email that already has an account
 * creates nothing (CONFLICT) and its owner is told someone tried.
 */
export async function createAccount(
  input: SignUpInput,
  context: RequestContext,
  { newSlug }: { newSlug?: (name: string) => string } = {},
): Promise<{ userId: string; orgId: string }> {
  const weakness = weakPasswordReason(input.password, input);
  if (weakness) throw new AppError("INVALID_INPUT", weakness, { password: [weakness] });
  const passwordHash = await hashPassword(input.password);
  const orgName = input.organizationName || `${input.firstName}'s organization`;
  let created: { userId: string; orgId: string; verificationToken: string };
  try {
    created = await withFreeSlug(
      orgName,
      (slug) =>
        db.$transaction(async (tx) => {
          const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
          if (existing) throw new AppError("CONFLICT");
          const user = await tx.user.create({
            data: { email: input.email, firstName: input.firstName, lastName: input.lastName, passwordHash },
            select: { id: true },
          });
          const org = await tx.organization.create({ data: { name: orgName, slug }, select: { id: true } });
          await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
          await recordAuditEvent(tx, { action: "user.signed_up", userId: user.id, orgId: org.id, context });
          const verificationToken = await issueEmailToken(tx, user.id, "verify_email", input.email);
          return { userId: user.id, orgId: org.id, verificationToken };
        }),
      newSlug,
    );
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides, the loser gets CONFLICT.
    const conflict = (error instanceof AppError && error.code === "CONFLICT") || isUniqueViolation(error);
    if (!conflict) throw error;
    // Limited per address, or anyone could flood an owner's inbox; the answer stays the same.
    if (await withinLimit("sign-up-notice:address", input.email)) await sendNotice(emails.signUpWithExistingEmail(input.email));
    throw new AppError("CONFLICT");
  }
  await sendNotice(emails.verifyEmail(input.email, appLink(`/verify-email/${created.verificationToken}`)));
  return { userId: created.userId, orgId: created.orgId };
}

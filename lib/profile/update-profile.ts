import "server-only";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { ProfileInput, Theme } from "./schemas";

export async function getProfile(userId: string) {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { firstName: true, lastName: true, email: true, jobTitle: true, phoneNumber: true, emailVerifiedAt: true },
  });
}

/** Only the fields of the profile form can change here: never email, role or password. */
export async function updateProfile(userId: string, input: ProfileInput, context: RequestContext): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { firstName: input.firstName, lastName: input.lastName, jobTitle: input.jobTitle, phoneNumber: input.phoneNumber },
    });
    await recordAuditEvent(tx, { action: "user.profile_updated", userId, context });
  });
}

export async function updateTheme(userId: string, theme: Theme): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { theme } });
}

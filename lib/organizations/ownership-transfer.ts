import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { requireStepUp } from "@/lib/auth/step-up";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { sendNotice } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import type { OrganizationMember } from "./member";

/** How long a transfer waits for its recipient. */
export const OWNERSHIP_TRANSFER_DAYS = 7;

const fullName = (user: { firstName: string; lastName: string }) => `${user.firstName} ${user.lastName}`.trim();

export type PendingTransfer = { orgId: string; orgName: string; fromName: string; toUserId: string; toName: string; toEmail: string; expiresAt: Date };

const TRANSFER_SELECT = {
  orgId: true,
  toUserId: true,
  expiresAt: true,
  org: { select: { name: true } },
  from: { select: { firstName: true, lastName: true } },
  to: { select: { firstName: true, lastName: true, email: true } },
} as const;

type TransferRow = {
  orgId: string;
  toUserId: string;
  expiresAt: Date;
  org: { name: string };
  from: { firstName: string; lastName: string };
  to: { firstName: string; lastName: string; email: string };
};

function toPending(row: TransferRow): PendingTransfer {
  return {
    orgId: row.orgId,
    orgName: row.org.name,
    fromName: fullName(row.from),
    toUserId: row.toUserId,
    toName: fullName(row.to),
    toEmail: row.to.email,
    expiresAt: row.expiresAt,
  };
}

/** The organization's open transfer, if any, for its Owners' organization page: one plain SELECT (decision 0031). */
export async function findPendingTransfer(orgId: string, now = new Date()): Promise<PendingTransfer | null> {
  const [transfer] = await openTransfersWhere(Prisma.sql`t."orgId" = ${orgId}`, now);
  return transfer ?? null;
}

/** The open transfers offered to the person, oldest first, for the banner of every settings page: one plain SELECT (decision 0031). */
export async function offeredTransfersTo(userId: string, now = new Date()): Promise<PendingTransfer[]> {
  return openTransfersWhere(Prisma.sql`t."toUserId" = ${userId}`, now);
}

async function openTransfersWhere(condition: Prisma.Sql, now: Date): Promise<PendingTransfer[]> {
  const rows = await db.$queryRaw<
    { orgId: string; toUserId: string; expiresAt: Date; orgName: string; fromFirstName: string; fromLastName: string; toFirstName: string; toLastName: string; toEmail: string }[]
  >`
    SELECT t."orgId", t."toUserId", t."expiresAt", o."name" AS "orgName",
      f."firstName" AS "fromFirstName", f."lastName" AS "fromLastName",
      u."firstName" AS "toFirstName", u."lastName" AS "toLastName", u."email" AS "toEmail"
    FROM "OwnershipTransfer" t
    JOIN "Organization" o ON o."id" = t."orgId"
    JOIN "User" f ON f."id" = t."fromUserId"
    JOIN "User" u ON u."id" = t."toUserId"
    WHERE ${condition} AND t."expiresAt" > ${now}
    ORDER BY t."createdAt" ASC`;
  return rows.map((row) =>
    toPending({
      orgId: row.orgId,
      toUserId: row.toUserId,
      expiresAt: row.expiresAt,
      org: { name: row.orgName },
      from: { firstName: row.fromFirstName, lastName: row.fromLastName },
      to: { firstName: row.toFirstName, lastName: row.toLastName, email: row.toEmail },
    }),
  );
}

/**
 * An Owner offers the ownership to another member, who must accept. Nothing changes until
 * then. A new request replaces an open one.
 */
export async function requestOwnershipTransfer(session: ActiveSession, owner: OrganizationMember, toUserId: string, context: RequestContext): Promise<void> {
  requireStepUp(session);
  if (toUserId === owner.userId)
    throw new AppError("INVALID_INPUT", "Check the highlighted fields and try again.", { userId: ["Choose another member: you are already an Owner."] });
  const transfer = await db.$transaction(async (tx) => {
    const recipient = await tx.membership.findUnique({
      where: { orgId_userId: { orgId: owner.orgId, userId: toUserId } },
      select: { role: true, user: { select: { email: true, firstName: true, lastName: true } } },
    });
    if (!recipient) throw new AppError("NOT_FOUND", "That person is not a member of this organization.");
    if (recipient.role === "owner") throw new AppError("INVALID_INPUT", "Check the highlighted fields and try again.", { userId: ["That member is already an Owner."] });
    const expiresAt = new Date(Date.now() + OWNERSHIP_TRANSFER_DAYS * 24 * 60 * 60 * 1000);
    await tx.ownershipTransfer.deleteMany({ where: { orgId: owner.orgId } });
    const row = await tx.ownershipTransfer.create({ data: { orgId: owner.orgId, fromUserId: owner.userId, toUserId, expiresAt }, select: TRANSFER_SELECT });
    await recordAuditEvent(tx, {
      action: "ownership_transfer.requested",
      userId: owner.userId,
      orgId: owner.orgId,
      context,
      metadata: { targetEmail: recipient.user.email, targetName: fullName(recipient.user) },
    });
    return toPending(row);
  });
  await sendNotice(emails.ownershipTransferRequested(transfer.toEmail, { orgName: transfer.orgName, fromName: transfer.fromName, expiresInDays: OWNERSHIP_TRANSFER_DAYS }));
}

/** The Owner withdraws the offer, or the recipient declines it. */
export async function cancelOwnershipTransfer(userId: string, orgId: string, context: RequestContext, { asRecipient }: { asRecipient: boolean }): Promise<void> {
  await db.$transaction(async (tx) => {
    const transfer = await tx.ownershipTransfer.findUnique({ where: { orgId }, select: { id: true, toUserId: true, to: { select: { email: true } } } });
    if (!transfer || (asRecipient && transfer.toUserId !== userId)) throw new AppError("NOT_FOUND", "There is no open ownership transfer.");
    await tx.ownershipTransfer.delete({ where: { id: transfer.id } });
    await recordAuditEvent(tx, { action: "ownership_transfer.cancelled", userId, orgId, context, metadata: { targetEmail: transfer.to.email, declined: asRecipient } });
  });
}

/**
 * The recipient accepts: they become Owner and the Owner who asked becomes Admin, in one
 * Serializable transaction, so it cannot interleave with a demotion or a departure.
 */
export async function acceptOwnershipTransfer(session: ActiveSession, orgId: string, context: RequestContext): Promise<void> {
  const userId = session.user.id;
  const done = await serializableTransaction(async (tx) => {
    const transfer = await tx.ownershipTransfer.findUnique({
      where: { orgId },
      select: { id: true, fromUserId: true, toUserId: true, expiresAt: true, org: { select: { name: true } } },
    });
    if (!transfer || transfer.toUserId !== userId || transfer.expiresAt <= new Date()) throw new AppError("NOT_FOUND", "This ownership transfer is no longer open.");
    const [from, to] = await Promise.all([
      tx.membership.findUnique({ where: { orgId_userId: { orgId, userId: transfer.fromUserId } }, select: { id: true, role: true, user: { select: { email: true } } } }),
      tx.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { id: true } }),
    ]);
    await tx.ownershipTransfer.delete({ where: { id: transfer.id } });
    if (!from || from.role !== "owner" || !to) throw new AppError("CONFLICT", "This ownership transfer is no longer valid: the person who asked is no longer an Owner.");
    await tx.membership.update({ where: { id: to.id }, data: { role: "owner", allCompanies: true } });
    await tx.membership.update({ where: { id: from.id }, data: { role: "admin" } });
    await recordAuditEvent(tx, { action: "ownership_transfer.accepted", userId, orgId, context, metadata: { previousOwnerEmail: from.user.email } });
    return { previousOwnerEmail: from.user.email, orgName: transfer.org.name };
  });
  await sendNotice(emails.ownershipTransferCompleted(done.previousOwnerEmail, { orgName: done.orgName, newOwnerName: fullName(session.user) }));
}

/** The members an Owner may offer the ownership to, everyone but the Owners, by name: one plain SELECT (decision 0031). */
export async function listTransferCandidates(orgId: string): Promise<{ userId: string; name: string; email: string }[]> {
  const rows = await db.$queryRaw<{ userId: string; firstName: string; lastName: string; email: string }[]>`
    SELECT m."userId", u."firstName", u."lastName", u."email"
    FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
    WHERE m."orgId" = ${orgId} AND m."role" <> 'owner'
    ORDER BY u."firstName" ASC, u."lastName" ASC, m."userId" ASC`;
  return rows.map((row) => ({ userId: row.userId, name: fullName(row), email: row.email }));
}

import "server-only";
import { pastCursorSql, toPage } from "@/lib/audit/log-query";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { generateToken, hashToken } from "@/lib/crypto/tokens";
import { db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { sendNotice } from "@/lib/email/send-email";
import { appLink, emails } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { limit } from "@/lib/rate-limit/limit";
import { findMember, resolveRole, type OrganizationMember, type ResolvedRole } from "./member";
import { can } from "./permissions";
import { canGrant, listRoles } from "./roles";
import type { InviteMembersInput } from "./schemas";

// Invitations (docs/decisions/0014-invitations.md): a single-use link, valid seven days,
// bound to the address it was sent to. Only the token's SHA-256 is stored.

/** How long an invitation link works after it was (re)sent. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Invitations shown per page of the members page. */
export const INVITATIONS_PAGE_SIZE = 50;

export type InvitationStatus = "pending" | "expired" | "revoked" | "accepted";

export function invitationStatus(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt <= now ? "expired" : "pending";
}

/** A still-usable invitation: neither accepted, revoked nor expired. */
function pendingWhere(now = new Date()) {
  return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
}

function fullName(user: { firstName: string; lastName: string }): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

function requireManager(actor: OrganizationMember | null): OrganizationMember {
  if (!actor) throw new AppError("NOT_FOUND");
  if (!can(actor, "members.manage")) throw new AppError("FORBIDDEN");
  return actor;
}

/** The role an invitation or a role change names, or Not Found: an id of another organization's role is unknown here. */
export async function requireRole(client: Tx | typeof db, orgId: string, roleId: string): Promise<ResolvedRole> {
  const role = await resolveRole(client, orgId, roleId);
  if (!role) throw new AppError("NOT_FOUND", "That role doesn't exist in this organization. Choose one of the roles offered.", { roleId: ["Choose one of the roles offered."] });
  return role;
}

export function assertCanGrant(actor: OrganizationMember, role: ResolvedRole): void {
  if (!canGrant(actor, role)) {
    throw new AppError("FORBIDDEN", `You can't grant the ${role.name} role: it carries permissions you don't have.`, { roleId: [`You can't grant the ${role.name} role.`] });
  }
}

/** The company ids, each checked to belong to the organization (Not Found otherwise); empty for "All companies". */
export async function requireCompanies(client: Tx | typeof db, orgId: string, access: "all" | "some", companyIds: readonly string[]): Promise<string[]> {
  if (access === "all") return [];
  const unique = [...new Set(companyIds)];
  const found = await client.company.findMany({ where: { orgId, id: { in: unique } }, select: { id: true } });
  if (found.length !== unique.length) throw new AppError("NOT_FOUND", "One of those companies doesn't exist in this organization. Reload the page and pick again.");
  return unique;
}

export type InvitationRow = {
  id: string;
  email: string;
  roleId: string;
  roleName: string;
  invitedByName: string | null;
  sentAt: Date;
  expiresAt: Date;
  status: InvitationStatus;
  /** Whether the viewer may resend or revoke it (they may grant its role). */
  manageable: boolean;
};

type InvitationSqlRow = {
  id: string;
  email: string;
  role: string;
  sentAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  inviterFirstName: string | null;
  inviterLastName: string | null;
};

/** The organization's invitations that meet `condition`, newest first, with who sent them: one plain SELECT (decision 0031). */
async function readInvitations(actor: OrganizationMember, condition: Prisma.Sql, take: number): Promise<InvitationSqlRow[]> {
  return db.$queryRaw<InvitationSqlRow[]>`
    SELECT i."id", i."email", i."role", i."sentAt", i."expiresAt", i."acceptedAt", i."revokedAt", i."createdAt",
      u."firstName" AS "inviterFirstName", u."lastName" AS "inviterLastName"
    FROM "Invitation" i LEFT JOIN "User" u ON u."id" = i."invitedById"
    WHERE i."orgId" = ${actor.orgId} AND ${condition}
    ORDER BY i."createdAt" DESC, i."id" DESC
    LIMIT ${take}`;
}

async function toInvitationRows(actor: OrganizationMember, rows: InvitationSqlRow[]): Promise<InvitationRow[]> {
  const roles = new Map((await listRoles(actor.orgId)).map((role) => [role.id, role]));
  const now = new Date();
  return rows.map((row) => {
    const role = roles.get(row.role);
    return {
      id: row.id,
      email: row.email,
      roleId: row.role,
      roleName: role?.name ?? "Removed role",
      // The inviter's account may be gone (the column is set null): no name then.
      invitedByName: row.inviterFirstName === null ? null : fullName({ firstName: row.inviterFirstName, lastName: row.inviterLastName ?? "" }),
      sentAt: row.sentAt,
      expiresAt: row.expiresAt,
      status: invitationStatus(row, now),
      manageable: role ? canGrant(actor, role) : can(actor, "members.manage"),
    };
  });
}

/**
 * The organization's invitations, newest first, a page at a time (the logs' keyset cursor on
 * createdAt, id: the (orgId, createdAt, id) index). For people who may manage members only.
 */
export async function listInvitations(actor: OrganizationMember, { cursor }: { cursor?: string } = {}): Promise<{ invitations: InvitationRow[]; nextCursor: string | null }> {
  requireManager(actor);
  const rows = await readInvitations(actor, pastCursorSql("i", cursor, "desc"), INVITATIONS_PAGE_SIZE + 1);
  const { rows: page, nextCursor } = toPage(rows, INVITATIONS_PAGE_SIZE);
  return { invitations: await toInvitationRows(actor, page), nextCursor };
}

/** One invitation of the actor's organization; Not Found for another organization's. */
export async function getInvitation(actor: OrganizationMember, invitationId: string): Promise<InvitationRow> {
  requireManager(actor);
  const rows = await readInvitations(actor, Prisma.sql`i."id" = ${invitationId}`, 1);
  if (rows.length === 0) throw new AppError("NOT_FOUND");
  return (await toInvitationRows(actor, rows))[0];
}

export type InviteOutcome = { sent: string[]; skipped: { email: string; reason: string }[]; /** The new invitations' ids, in the order of `sent`. */ invitationIds: string[] };

/**
 * Invites each address with one role and one company choice. An address that already
 * belongs to a member, or has a pending invitation, is skipped with a reason (no duplicate).
 * Every address sent counts against the organization's and the inviter's rate limits.
 */
export async function inviteMembers(actor: OrganizationMember, input: InviteMembersInput, context: RequestContext): Promise<InviteOutcome> {
  const orgId = actor.orgId;
  const inviter = requireManager(await findMember(actor.userId, orgId));
  const role = await requireRole(db, orgId, input.roleId);
  assertCanGrant(inviter, role);
  const companyIds = await requireCompanies(db, orgId, input.companyAccess, input.companyIds);

  const skipped: InviteOutcome["skipped"] = [];
  const toSend: string[] = [];
  const existing = await alreadyInvitedOrMember(db, orgId, input.emails);
  for (const email of input.emails) {
    const reason = existing.get(email);
    if (reason) skipped.push({ email, reason });
    else toSend.push(email);
  }
  // Counted before anything is written: a refused batch sends nothing.
  for (let index = 0; index < toSend.length; index += 1) {
    await limit("invitations:org", orgId);
    await limit("invitations:user", inviter.userId);
  }

  const tokens = new Map<string, string>();
  const sentAt = new Date();
  const expiresAt = new Date(sentAt.getTime() + INVITATION_TTL_MS);
  const sent = await serializableTransaction(async (tx) => {
    // Checked again inside the transaction: two admins inviting one address at once make one invitation.
    const raced = await alreadyInvitedOrMember(tx, orgId, toSend);
    const created: { email: string; id: string }[] = [];
    for (const email of toSend) {
      const reason = raced.get(email);
      if (reason) {
        if (!skipped.some((entry) => entry.email === email)) skipped.push({ email, reason });
        continue;
      }
      const token = generateToken();
      tokens.set(email, token);
      const invitation = await tx.invitation.create({
        data: {
          orgId,
          email,
          role: role.id,
          allCompanies: input.companyAccess === "all",
          companyIds: companyIds.join(" "),
          tokenHash: hashToken(token),
          invitedById: inviter.userId,
          sentAt,
          expiresAt,
        },
        select: { id: true },
      });
      await recordAuditEvent(tx, { action: "invitation.sent", userId: inviter.userId, orgId, context, metadata: { targetEmail: email, roleName: role.name } });
      created.push({ email, id: invitation.id });
    }
    return created;
  });

  const inviterName = await displayName(inviter.userId);
  for (const { email } of sent) {
    await sendNotice(emails.invitation(email, { orgName: inviter.orgName, inviterName, roleName: role.name, url: appLink(`/invitations/${tokens.get(email)}`), expiresAt }));
  }
  return { sent: sent.map(({ email }) => email), skipped, invitationIds: sent.map(({ id }) => id) };
}

async function displayName(userId: string): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { firstName: true, lastName: true } });
  return user ? fullName(user) : "Someone";
}

/** For each address that may not be invited now, why. */
async function alreadyInvitedOrMember(client: Tx | typeof db, orgId: string, addresses: readonly string[]): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  if (addresses.length === 0) return reasons;
  const [members, pending] = await Promise.all([
    client.membership.findMany({ where: { orgId, user: { email: { in: [...addresses] } } }, select: { user: { select: { email: true } } } }),
    client.invitation.findMany({ where: { orgId, email: { in: [...addresses] }, ...pendingWhere() }, select: { email: true } }),
  ]);
  for (const { email } of pending) reasons.set(email, `${email} already has a pending invitation. Resend it from the list instead.`);
  for (const { user } of members) reasons.set(user.email, `${user.email} is already a member of this organization.`);
  return reasons;
}

/** The invitation by id inside the actor's organization, or Not Found. */
async function requireInvitation(client: Tx | typeof db, orgId: string, invitationId: string) {
  const invitation = await client.invitation.findFirst({
    where: { id: invitationId, orgId },
    select: { id: true, email: true, role: true, acceptedAt: true, revokedAt: true, expiresAt: true },
  });
  if (!invitation) throw new AppError("NOT_FOUND");
  return invitation;
}

/** Whether the actor may resend or revoke an invitation for this role (Owner invitations are for Owners). */
async function assertMayManageInvitation(actor: OrganizationMember, roleId: string): Promise<ResolvedRole | null> {
  const role = await resolveRole(db, actor.orgId, roleId);
  if (role && !canGrant(actor, role)) throw new AppError("FORBIDDEN", `Only someone who may grant the ${role.name} role may change this invitation.`);
  return role;
}

/** Sends the invitation again: a new link and a new expiry on the same row; the old link stops working. */
export async function resendInvitation(actor: OrganizationMember, invitationId: string, context: RequestContext): Promise<{ email: string }> {
  const orgId = actor.orgId;
  const inviter = requireManager(await findMember(actor.userId, orgId));
  const invitation = await requireInvitation(db, orgId, invitationId);
  const role = await assertMayManageInvitation(inviter, invitation.role);
  if (!role) throw new AppError("CONFLICT", "This invitation's role was deleted. Revoke it and send a new invitation.");
  if (invitation.acceptedAt) throw new AppError("CONFLICT", `${invitation.email} already accepted this invitation.`);
  if (invitation.revokedAt) throw new AppError("CONFLICT", "This invitation was revoked. Send a new invitation instead.");
  await limit("invitations:org", orgId);
  await limit("invitations:user", inviter.userId);

  const token = generateToken();
  const sentAt = new Date();
  const expiresAt = new Date(sentAt.getTime() + INVITATION_TTL_MS);
  await db.$transaction(async (tx) => {
    // One conditional write: an invitation accepted or revoked meanwhile is not revived.
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, orgId, acceptedAt: null, revokedAt: null },
      data: { tokenHash: hashToken(token), sentAt, expiresAt, invitedById: inviter.userId },
    });
    if (count !== 1) throw new AppError("CONFLICT", "This invitation changed in the meantime. Reload the page.");
    await recordAuditEvent(tx, { action: "invitation.resent", userId: inviter.userId, orgId, context, metadata: { targetEmail: invitation.email, roleName: role.name } });
  });
  await sendNotice(
    emails.invitation(invitation.email, {
      orgName: inviter.orgName,
      inviterName: await displayName(inviter.userId),
      roleName: role.name,
      url: appLink(`/invitations/${token}`),
      expiresAt,
    }),
  );
  return { email: invitation.email };
}

/** Revokes a pending (or expired) invitation: its link stops working. */
export async function revokeInvitation(actor: OrganizationMember, invitationId: string, context: RequestContext): Promise<{ email: string }> {
  const orgId = actor.orgId;
  const manager = requireManager(await findMember(actor.userId, orgId));
  const invitation = await requireInvitation(db, orgId, invitationId);
  const role = await assertMayManageInvitation(manager, invitation.role);
  if (invitation.acceptedAt) throw new AppError("CONFLICT", `${invitation.email} already accepted this invitation. Remove the member instead.`);
  if (invitation.revokedAt) throw new AppError("CONFLICT", "This invitation was already revoked.");
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, orgId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count !== 1) throw new AppError("CONFLICT", "This invitation changed in the meantime. Reload the page.");
    await recordAuditEvent(tx, { action: "invitation.revoked", userId: manager.userId, orgId, context, metadata: { targetEmail: invitation.email, roleName: role?.name ?? null } });
  });
  return { email: invitation.email };
}

/** What the invitation page may tell about a link. Nothing about the organization unless it is still pending. */
export type InvitationLookup =
  | { state: "invalid" | "expired" | "revoked" | "used" }
  | { state: "pending"; email: string; orgId: string; orgName: string; roleName: string; inviterName: string | null; expiresAt: Date };

/** Looks an invitation link up by the hash of its token. */
export async function getInvitationByToken(token: string): Promise<InvitationLookup> {
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return { state: "invalid" };
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      email: true,
      role: true,
      orgId: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      org: { select: { name: true } },
      invitedBy: { select: { firstName: true, lastName: true } },
    },
  });
  if (!invitation) return { state: "invalid" };
  const status = invitationStatus(invitation);
  if (status === "accepted") return { state: "used" };
  if (status !== "pending") return { state: status };
  const role = await resolveRole(db, invitation.orgId, invitation.role);
  return {
    state: "pending",
    email: invitation.email,
    orgId: invitation.orgId,
    orgName: invitation.org.name,
    roleName: role?.name ?? "Member",
    inviterName: invitation.invitedBy ? fullName(invitation.invitedBy) : null,
    expiresAt: invitation.expiresAt,
  };
}

export const INVITATION_UNUSABLE_MESSAGES = {
  invalid: "This invitation link isn't valid. Check that you copied the whole link, or ask for a new invitation.",
  expired: "This invitation has expired. Ask whoever invited you to send it again.",
  revoked: "This invitation was withdrawn. Ask whoever invited you if you should still join.",
  used: "This invitation was already used. If that wasn't you, ask for a new invitation.",
} as const;

type AcceptOptions = {
  /**
   * Sign-up from the link: the account was just created with the invitation's address, and
   * following the link proves the mailbox, so the address counts as verified
   * (docs/decisions/0014-invitations.md).
   */
  verifiesEmail?: boolean;
};

/**
 * Joins the organization an invitation names, as `userId`, whose verified email must be the
 * invitation's. The membership, the acceptance and the log row commit together; the
 * acceptance is one conditional write, so of two browsers accepting at once one joins and the
 * other is told the link was used.
 */
export async function acceptInvitation(
  userId: string,
  token: string,
  context: RequestContext,
  { verifiesEmail = false }: AcceptOptions = {},
): Promise<{ orgId: string; orgName: string }> {
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) throw new AppError("NOT_FOUND", INVITATION_UNUSABLE_MESSAGES.invalid);
  const tokenHash = hashToken(token);
  const accepted = await serializableTransaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        orgId: true,
        email: true,
        role: true,
        allCompanies: true,
        companyIds: true,
        acceptedAt: true,
        revokedAt: true,
        expiresAt: true,
        invitedById: true,
        org: { select: { name: true } },
      },
    });
    if (!invitation) throw new AppError("NOT_FOUND", INVITATION_UNUSABLE_MESSAGES.invalid);
    const status = invitationStatus(invitation);
    if (status !== "pending") throw new AppError("CONFLICT", INVITATION_UNUSABLE_MESSAGES[status === "accepted" ? "used" : status]);

    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, firstName: true, lastName: true, emailVerifiedAt: true } });
    if (!user) throw new AppError("UNAUTHENTICATED");
    if (user.email !== invitation.email) {
      throw new AppError("FORBIDDEN", `This invitation was sent to another email address. Sign out and sign in with the account for that address.`);
    }
    if (!user.emailVerifiedAt) {
      if (!verifiesEmail) throw new AppError("FORBIDDEN", "Verify your email address first: open the link we sent when you signed up, then come back to this invitation.");
      await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
      await recordAuditEvent(tx, { action: "user.email_verified", userId, context, metadata: { via: "invitation" } });
    }
    const already = await tx.membership.findUnique({ where: { orgId_userId: { orgId: invitation.orgId, userId } }, select: { id: true } });
    if (already) throw new AppError("CONFLICT", `You're already a member of ${invitation.org.name}.`);
    const role = await resolveRole(tx, invitation.orgId, invitation.role);
    if (!role) throw new AppError("CONFLICT", "The role this invitation offered was deleted. Ask for a new invitation.");

    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, ...pendingWhere() },
      data: { acceptedAt: new Date(), acceptedById: userId },
    });
    if (count !== 1) throw new AppError("CONFLICT", INVITATION_UNUSABLE_MESSAGES.used);

    // Companies deleted since the invitation was sent are left out.
    const companyIds = invitation.allCompanies
      ? []
      : (await tx.company.findMany({ where: { orgId: invitation.orgId, id: { in: invitation.companyIds.split(" ").filter(Boolean) } }, select: { id: true } })).map(
          (company) => company.id,
        );
    const membership = await tx.membership.create({ data: { orgId: invitation.orgId, userId, role: role.id, allCompanies: invitation.allCompanies }, select: { id: true } });
    if (companyIds.length > 0) await tx.membershipCompany.createMany({ data: companyIds.map((companyId) => ({ membershipId: membership.id, companyId })) });
    await recordAuditEvent(tx, { action: "invitation.accepted", userId, orgId: invitation.orgId, context, metadata: { targetEmail: invitation.email, roleName: role.name } });
    return { orgId: invitation.orgId, orgName: invitation.org.name, invitedById: invitation.invitedById, member: user };
  });

  if (accepted.invitedById) {
    const inviter = await db.user.findUnique({ where: { id: accepted.invitedById }, select: { email: true } });
    if (inviter)
      await sendNotice(emails.invitationAccepted(inviter.email, { orgName: accepted.orgName, memberName: fullName(accepted.member), memberEmail: accepted.member.email }));
  }
  return { orgId: accepted.orgId, orgName: accepted.orgName };
}

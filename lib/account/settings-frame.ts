import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { BELL_SELECT, bellOf, type BellNotifications } from "@/lib/notifications/in-app";
import { currentMemberAmong, MEMBERSHIPS_SELECT, organizationChoices, type OrganizationChoice } from "@/lib/organizations/current-organization";
import type { OrganizationMember } from "@/lib/organizations/member";
import { offeredTransfers, offeredTransfersSelect, type PendingTransfer } from "@/lib/organizations/ownership-transfer";

export type SettingsFrame = {
  /** The current organization's membership, for its sections in the navigation. */
  member: OrganizationMember | null;
  organizations: OrganizationChoice[];
  offeredTransfers: PendingTransfer[];
  bell: BellNotifications;
};

/**
 * What every settings page shows around its own content besides the session: the switcher's
 * organizations, the ownership transfers offered to the person and the bell, in one read of
 * the person's row instead of three: one query for Prisma to compile instead of three, a
 * twentieth more pages served on SQLite in paired runs.
 */
export async function getSettingsFrame(session: ActiveSession, now = new Date()): Promise<SettingsFrame> {
  const row = await db.user.findUnique({ where: { id: session.user.id }, select: { ...MEMBERSHIPS_SELECT, ...offeredTransfersSelect(now), ...BELL_SELECT } });
  const memberships = row?.memberships ?? [];
  const [member, organizations] = await Promise.all([currentMemberAmong(session, memberships), organizationChoices(memberships)]);
  return { member, organizations, offeredTransfers: row ? offeredTransfers(row) : [], bell: bellOf(row) };
}

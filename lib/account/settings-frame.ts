import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { bellFor, type BellNotifications } from "@/lib/notifications/in-app";
import { currentMemberAmong, membershipsOf, organizationChoices, type OrganizationChoice } from "@/lib/organizations/current-organization";
import type { OrganizationMember } from "@/lib/organizations/member";
import { offeredTransfersTo, type PendingTransfer } from "@/lib/organizations/ownership-transfer";

export type SettingsFrame = {
  /** The current organization's membership, for its sections in the navigation. */
  member: OrganizationMember | null;
  organizations: OrganizationChoice[];
  offeredTransfers: PendingTransfer[];
  bell: BellNotifications;
};

/**
 * What every settings page shows around its own content besides the session: the switcher's
 * organizations, the ownership transfers offered to the person and the bell. Plain SELECTs
 * (decision 0031): Prisma's one nested read of the same cost more than the rest of the frame.
 * The memberships are the request's one read of them, which an organization page's check
 * shares.
 */
export async function getSettingsFrame(session: ActiveSession, now = new Date()): Promise<SettingsFrame> {
  const [memberships, offeredTransfers, bell] = await Promise.all([membershipsOf(session.user.id), offeredTransfersTo(session.user.id, now), bellFor(session.user.id)]);
  const [member, organizations] = await Promise.all([currentMemberAmong(session, memberships), organizationChoices(memberships)]);
  return { member, organizations, offeredTransfers, bell };
}

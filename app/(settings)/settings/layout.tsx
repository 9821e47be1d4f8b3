import Link from "next/link";
import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";
import { UserMenu } from "@/components/settings/user-menu";
import { Logo } from "@/components/ui/logo";
import { ElevationBanner } from "@/components/step-up/elevation-banner";
import { StepUpOptionsProvider } from "@/components/step-up/step-up-context";
import { VerifyEmailBanner } from "@/components/settings/verify-email-banner";
import { requireUser } from "@/lib/auth/session";
import { stepUpExpiresAt } from "@/lib/auth/step-up";
import { relativeTime } from "@/components/ui/relative-time";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { safeNotificationHref } from "@/lib/notifications/in-app";
import { getSettingsFrame } from "@/lib/account/settings-frame";
import { endStepUpAction, markAllNotificationsReadAction, signOutAction } from "./actions";
import { ORGANIZATION_SECTIONS } from "@/components/settings/sections";
import { OrganizationSwitcher } from "@/components/organizations/organization-switcher";
import { OwnershipTransferBanner } from "@/components/organizations/ownership-transfer-banner";
import { can } from "@/lib/organizations/permissions";
import { createOrganizationAction, switchOrganizationAction } from "./organization/actions";

// Display only: every page checks the session itself (layouts don't re-run on navigation).
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const session = await requireUser();
  const { user } = session;
  const elevatedUntil = stepUpExpiresAt(session);
  const { member, organizations, offeredTransfers, bell } = await getSettingsFrame(session);
  const organizationSections = member ? ORGANIZATION_SECTIONS.filter((section) => can(member, section.permission)) : [];
  const current = member ? { id: member.orgId, name: member.orgName, roleName: member.role.name } : null;
  return (
    <div className="min-h-dvh">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-4">
          <Link href="/settings/profile" className="rounded focus-visible:outline-2 focus-visible:outline-blue-600">
            <Logo />
          </Link>
          <div className="flex items-center gap-2">
            <NotificationBell
              unreadCount={bell.unreadCount}
              latest={bell.latest.map((notification) => ({
                id: notification.id,
                title: notification.title,
                body: notification.body,
                href: safeNotificationHref(notification.url),
                unread: notification.readAt === null,
                when: relativeTime(notification.createdAt),
                at: notification.createdAt.toISOString(),
              }))}
              markAllRead={markAllNotificationsReadAction}
            />
            <UserMenu name={`${user.firstName} ${user.lastName}`} email={user.email} signOut={signOutAction} />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 md:flex-row md:gap-10 md:py-10">
        <aside className="md:w-52 md:shrink-0">
          <SettingsNav
            organizationSections={organizationSections}
            switcher={<OrganizationSwitcher current={current} organizations={organizations} switchAction={switchOrganizationAction} createAction={createOrganizationAction} />}
          />
        </aside>
        <main className="min-w-0 flex-1">
          {user.emailVerified ? null : <VerifyEmailBanner email={user.email} />}
          {offeredTransfers.map((transfer) => (
            <OwnershipTransferBanner key={transfer.orgId} transfer={transfer} />
          ))}
          {elevatedUntil ? <ElevationBanner remainingMs={elevatedUntil.getTime() - Date.now()} endNow={endStepUpAction} /> : null}
          <StepUpOptionsProvider hasPasskey={user.hasPasskey}>{children}</StepUpOptionsProvider>
        </main>
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import { PageNotice } from "@/components/settings/page-notice";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/organizations/memberships";
import { LeaveButton } from "./_components/leave-button";

export const metadata: Metadata = { title: "Organizations" };

export default async function MembershipsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireUser();
  const { notice } = await searchParams;
  const memberships = await listMemberships(session.user.id);
  return (
    <>
      <SettingsPageHeader title="Organizations" description="The organizations you belong to, your role in each, and the companies you can reach." />
      <PageNotice message={notice === "left" ? "You left the organization." : null} />
      {memberships.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">You don&apos;t belong to any organization.</p>
      ) : (
        <ul className="max-w-3xl divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Your organizations">
          {memberships.map((membership) => (
            <li key={membership.orgId} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="text-sm">
                <p className="font-medium">{membership.name}</p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  {membership.roleName} · {membership.memberCount} member{membership.memberCount === 1 ? "" : "s"} · joined <RelativeTime date={membership.joinedAt} />
                </p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  {membership.companies === "all" ? "All companies" : membership.companies.length === 0 ? "No companies" : `Companies: ${membership.companies.join(", ")}`}
                </p>
              </div>
              <LeaveButton orgId={membership.orgId} name={membership.name} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

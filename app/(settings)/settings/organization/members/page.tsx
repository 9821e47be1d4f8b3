import type { Metadata } from "next";
import { TableScroll } from "@/components/ui/table-scroll";
import Link from "next/link";
import { PageNotice } from "@/components/settings/page-notice";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { listCompanies } from "@/lib/organizations/companies";
import { requireCurrentMember } from "@/lib/organizations/current-organization";
import { listInvitations, type InvitationStatus } from "@/lib/organizations/invitations";
import { listGrantableRoles, listMembers } from "@/lib/organizations/members";
import { can } from "@/lib/organizations/permissions";
import { memberSearchSchema } from "@/lib/organizations/schemas";
import { InvitationButtons } from "./_components/invitation-buttons";
import { InviteDialog } from "./_components/invite-dialog";
import { MemberCompaniesEditor, MemberRoleForm, RemoveMemberButton } from "./_components/member-controls";
import { EmptyState } from "@/components/ui/empty-state";
import { TableHead } from "@/components/ui/table-head";

export const metadata: Metadata = { title: "Members" };

const NOTICES: Record<string, string> = {
  joined: "Welcome! You joined the organization.",
  removed: "The member was removed. They lose access on their next request.",
};

const STATUS_LABELS: Record<InvitationStatus, string> = { pending: "Pending", expired: "Expired", revoked: "Revoked", accepted: "Accepted" };
const STATUS_CLASSES: Record<InvitationStatus, string> = {
  pending: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200",
  expired: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  revoked: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
  accepted: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
};

const TD = "px-3 py-3 align-top";
const LINK = "font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400";

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function pageLink(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = search.toString();
  return `/settings/organization/members${text ? `?${text}` : ""}`;
}

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Re-reads the membership on every request: a removed member gets Not Found here at once.
  const { member } = await requireCurrentMember("organization.view");
  const params = await searchParams;
  const query = memberSearchSchema.parse(single(params.q) ?? "");
  const cursor = single(params.cursor);
  const invitationCursor = single(params.icursor);
  const notice = single(params.notice);
  const manages = can(member, "members.manage");
  const [{ members, nextCursor }, roles, companies, invitations] = await Promise.all([
    listMembers(member, { query, cursor }),
    manages ? listGrantableRoles(member) : [],
    manages ? listCompanies(member.orgId) : [],
    manages ? listInvitations(member, { cursor: invitationCursor }) : null,
  ]);
  const companyOptions = companies.map(({ id, name }) => ({ id, name }));

  return (
    <>
      <SettingsPageHeader title="Members" description={`The people in ${member.orgName}, their roles and the companies they reach.`} />
      <PageNotice message={notice && NOTICES[notice] ? NOTICES[notice] : null} />

      {manages ? <InviteDialog organizationId={member.orgId} roles={roles} companies={companyOptions} /> : null}

      <section aria-labelledby="members-heading" className="mt-6">
        <div className="mb-3 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <h2 id="members-heading" className="text-lg font-semibold">
            Members
          </h2>
          <form method="get" role="search" aria-label="Members" className="flex items-end gap-2">
            <div className="space-y-1.5">
              <label htmlFor="member-search" className="block text-sm font-medium">
                Search by name or email
              </label>
              <Input id="member-search" name="q" type="search" defaultValue={query} maxLength={100} className="sm:w-64" />
            </div>
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </form>
        </div>
        {query ? (
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Members matching “{query}”.{" "}
            <Link href={pageLink({})} className={LINK}>
              Clear search
            </Link>
          </p>
        ) : null}
        {members.length === 0 ? (
          <EmptyState centered>{query ? `No member matches “${query}”.` : "No members on this page."}</EmptyState>
        ) : (
          <TableScroll label="Members">
            <table className="w-full min-w-[48rem] text-sm">
              <caption className="sr-only">Members of {member.orgName}</caption>
              <TableHead headings={["Name", "Email", "Role", "Companies", "Joined", "Last active"]} actions={manages} />
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {members.map((row) => {
                  const editable = manages && row.manageable;
                  const companiesText =
                    row.companies === null ? "All companies" : row.companies.length === 0 ? "No companies" : row.companies.map((company) => company.name).join(", ");
                  return (
                    <tr key={row.membershipId}>
                      <th scope="row" className={`${TD} text-left font-medium`}>
                        {row.name}
                        {row.userId === member.userId ? <span className="ml-1 font-normal text-zinc-600 dark:text-zinc-400">(you)</span> : null}
                      </th>
                      <td className={`${TD} break-all`}>{row.email}</td>
                      <td className={TD}>
                        {editable ? (
                          <MemberRoleForm organizationId={member.orgId} membershipId={row.membershipId} name={row.name} roleId={row.roleId} roleName={row.roleName} roles={roles} />
                        ) : (
                          row.roleName
                        )}
                      </td>
                      <td className={TD}>
                        {editable && companyOptions.length > 0 ? (
                          <MemberCompaniesEditor
                            organizationId={member.orgId}
                            membershipId={row.membershipId}
                            name={row.name}
                            selected={row.companies?.map((company) => company.id) ?? null}
                            companies={companyOptions}
                            summary={companiesText}
                          />
                        ) : (
                          companiesText
                        )}
                      </td>
                      <td className={`${TD} whitespace-nowrap`}>
                        <RelativeTime date={row.joinedAt} />
                      </td>
                      <td className={`${TD} whitespace-nowrap`}>{row.lastActiveAt ? <RelativeTime date={row.lastActiveAt} /> : "—"}</td>
                      {manages ? (
                        <td className={`${TD} text-right`}>
                          {editable ? <RemoveMemberButton organizationId={member.orgId} membershipId={row.membershipId} name={row.name} orgName={member.orgName} /> : null}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
        <nav aria-label="Member pages" className="mt-3 flex gap-4 text-sm">
          {cursor ? (
            <Link href={pageLink({ q: query || undefined })} className={LINK}>
              First page
            </Link>
          ) : null}
          {nextCursor ? (
            <Link href={pageLink({ q: query || undefined, cursor: nextCursor })} className={LINK}>
              Next page of members
            </Link>
          ) : null}
        </nav>
      </section>

      {invitations ? (
        <section aria-labelledby="invitations-heading" className="mt-10">
          <h2 id="invitations-heading" className="mb-3 text-lg font-semibold">
            Invitations
          </h2>
          {invitations.invitations.length === 0 ? (
            <EmptyState centered>{invitationCursor ? "No more invitations." : "No invitations yet. Use “New invitation” to invite people by email."}</EmptyState>
          ) : (
            <TableScroll label="Invitations">
              <table className="w-full min-w-[48rem] text-sm">
                <caption className="sr-only">Invitations to {member.orgName}</caption>
                <TableHead headings={["Email", "Role", "Invited by", "Sent", "Expires", "Status"]} actions />
                <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                  {invitations.invitations.map((invitation) => (
                    <tr key={invitation.id}>
                      <th scope="row" className={`${TD} text-left font-medium break-all`}>
                        {invitation.email}
                      </th>
                      <td className={TD}>{invitation.roleName}</td>
                      <td className={TD}>{invitation.invitedByName ?? "—"}</td>
                      <td className={`${TD} whitespace-nowrap`}>
                        <RelativeTime date={invitation.sentAt} />
                      </td>
                      <td className={`${TD} whitespace-nowrap`}>
                        {invitation.status === "pending" || invitation.status === "expired" ? <RelativeTime date={invitation.expiresAt} /> : "—"}
                      </td>
                      <td className={TD}>
                        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_CLASSES[invitation.status]}`}>{STATUS_LABELS[invitation.status]}</span>
                      </td>
                      <td className={`${TD} text-right`}>
                        {invitation.manageable && (invitation.status === "pending" || invitation.status === "expired") ? (
                          <InvitationButtons organizationId={member.orgId} invitationId={invitation.id} email={invitation.email} />
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <nav aria-label="Invitation pages" className="mt-3 flex gap-4 text-sm">
            {invitationCursor ? (
              <Link href={pageLink({ q: query || undefined, cursor })} className={LINK}>
                Newest invitations
              </Link>
            ) : null}
            {invitations.nextCursor ? (
              <Link href={pageLink({ q: query || undefined, cursor, icursor: invitations.nextCursor })} className={LINK}>
                Older invitations
              </Link>
            ) : null}
          </nav>
        </section>
      ) : null}
    </>
  );
}

import type { Metadata } from "next";
import { CreateOrganizationForm } from "@/components/organizations/create-organization-form";
import { PageNotice } from "@/components/settings/page-notice";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { requireUser } from "@/lib/auth/session";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";
import { getCurrentMember } from "@/lib/organizations/current-organization";
import { getOrganizationOverview } from "@/lib/organizations/organizations";
import { findPendingTransfer, listTransferCandidates } from "@/lib/organizations/ownership-transfer";
import { can } from "@/lib/organizations/permissions";
import { LeaveButton } from "../memberships/_components/leave-button";
import { createOrganizationAction } from "./actions";
import { DeleteOrganizationSection } from "./_components/delete-organization-section";
import { OrganizationDetailsForm } from "./_components/organization-details-form";
import { TransferOwnershipSection } from "./_components/transfer-ownership-section";

export const metadata: Metadata = { title: "Organization" };

const NOTICES: Record<string, string> = {
  created: "Organization created. You are its Owner.",
  owner: "You are now an Owner of this organization.",
  deleted: "Organization deleted.",
};

export default async function OrganizationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireUser();
  const member = await getCurrentMember(session);
  const { notice } = await searchParams;
  const noticeMessage = typeof notice === "string" ? (NOTICES[notice] ?? null) : null;
  if (!member) {
    return (
      <>
        <SettingsPageHeader title="Organization" description="Organizations hold members, roles, companies and API keys." />
        <PageNotice message={noticeMessage} />
        <section aria-labelledby="create-heading" className="max-w-xl rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="create-heading" className="font-semibold">
            You don&apos;t belong to any organization
          </h2>
          <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">Create one to invite people and manage API keys together, or ask an admin to invite you.</p>
          <CreateOrganizationForm action={createOrganizationAction} idPrefix="empty-create" />
        </section>
      </>
    );
  }
  const isOwner = can(member, "owners.manage");
  const [{ details, onlyOwner, deletionImpact }, transfer, candidates] = await Promise.all([
    getOrganizationOverview(member),
    isOwner ? findPendingTransfer(member.orgId) : null,
    isOwner ? listTransferCandidates(member.orgId) : [],
  ]);
  const stepUpMethod = stepUpMethodFor(session.user);
  return (
    <>
      <SettingsPageHeader title="Organization" description={`The details of ${details.name}. Its handle is @${details.slug}.`} />
      <PageNotice message={noticeMessage} />
      <div className="max-w-3xl space-y-6">
        <section aria-labelledby="details-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="details-heading" className="mb-4 font-semibold">
            Details
          </h2>
          <OrganizationDetailsForm organizationId={member.orgId} details={details} editable={can(member, "organization.update")} />
        </section>
        {isOwner ? (
          <section aria-labelledby="ownership-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <h2 id="ownership-heading" className="font-semibold">
              Transfer ownership
            </h2>
            <TransferOwnershipSection organizationId={member.orgId} orgName={details.name} candidates={candidates} transfer={transfer} stepUpMethod={stepUpMethod} />
          </section>
        ) : null}
        <section aria-labelledby="leave-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="leave-heading" className="font-semibold">
            Leave organization
          </h2>
          {onlyOwner ? (
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              You are the only Owner of {details.name}, so you can&apos;t leave it. Transfer the ownership to another member first, or delete the organization.
            </p>
          ) : (
            <>
              <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">You&apos;ll lose access to {details.name} until someone invites you again.</p>
              <LeaveButton orgId={member.orgId} name={details.name} />
            </>
          )}
        </section>
        {isOwner ? (
          <section aria-labelledby="org-danger-heading" className="rounded-lg border border-red-300 p-4 dark:border-red-900">
            <h2 id="org-danger-heading" className="font-semibold text-red-800 dark:text-red-300">
              Danger zone
            </h2>
            <DeleteOrganizationSection organizationId={member.orgId} name={details.name} slug={details.slug} impact={deletionImpact} stepUpMethod={stepUpMethod} />
          </section>
        ) : null}
      </div>
    </>
  );
}

import type { Metadata } from "next";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { listCompaniesWithAccess } from "@/lib/organizations/companies";
import { requireCurrentMember } from "@/lib/organizations/current-organization";
import { can } from "@/lib/organizations/permissions";
import { CompanyActions } from "./_components/company-actions";
import { NewCompanyForm } from "./_components/new-company-form";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Companies" };

export default async function CompaniesPage() {
  const { member } = await requireCurrentMember("organization.view");
  const companies = await listCompaniesWithAccess(member.orgId);
  const manages = can(member, "companies.manage");
  return (
    <>
      <SettingsPageHeader
        title="Companies"
        description={`The companies ${member.orgName} runs. Members reach every company, or only the ones picked for them when they are invited or on the Members page.`}
      />
      {manages ? <NewCompanyForm organizationId={member.orgId} /> : null}
      {companies.length === 0 ? (
        <EmptyState title="No companies yet" className="max-w-3xl">
          An organization can hold several companies: brands, subsidiaries or clients you run separately. Organization settings (members, roles, API keys, the audit log) apply
          across all of them; each member can be limited to the companies they work on.
          {manages ? " Create the first one above." : " Owners and Admins can create them."}
        </EmptyState>
      ) : (
        <ul className="max-w-3xl divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Companies">
          {companies.map((company) => (
            <li key={company.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0 text-sm">
                <p className="font-medium break-words">{company.name}</p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  Created <RelativeTime date={company.createdAt} /> · {company.memberCount === 1 ? "1 member has access" : `${company.memberCount} members have access`}
                </p>
              </div>
              {manages ? <CompanyActions organizationId={member.orgId} companyId={company.id} name={company.name} /> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

"use server";

import { organizationAction } from "@/lib/actions/define-action";
import { createCompany, deleteCompany, renameCompany } from "@/lib/organizations/companies";
import { createCompanySchema, deleteCompanySchema, renameCompanySchema } from "@/lib/organizations/company-schemas";

// Company names also show on the members page and on each person's Organizations page.
const REVALIDATE = ["/settings/organization/companies", "/settings/organization/members", "/settings/memberships"] as const;

export const createCompanyAction = organizationAction(
  { permission: "companies.manage", schema: createCompanySchema, echo: ["name"], revalidate: REVALIDATE },
  async (input, { member, context }) => {
    const company = await createCompany({ actor: member, input, context });
    return { message: `Company “${company.name}” created.` };
  },
);

export const renameCompanyAction = organizationAction(
  { permission: "companies.manage", schema: renameCompanySchema, echo: ["name"], revalidate: REVALIDATE },
  async ({ companyId, ...input }, { member, context }) => {
    const company = await renameCompany({ actor: member, companyId, input, context });
    return { message: `Company renamed to “${company.name}”.` };
  },
);

export const deleteCompanyAction = organizationAction(
  { permission: "companies.manage", schema: deleteCompanySchema, revalidate: REVALIDATE },
  async ({ companyId }, { member, context }) => {
    const company = await deleteCompany({ actor: member, companyId, context });
    return { message: `Company “${company.name}” deleted.` };
  },
);

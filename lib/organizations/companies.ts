import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, type Tx } from "@/lib/db/client";
import { serializableTransaction } from "@/lib/db/serializable-transaction";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import type { CompanyNameInput } from "./company-schemas";
import { requireMember, type OrganizationMember } from "./member";
import { can } from "./permissions";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { assertNameFree, nameTaken } from "./unique-name";

export type CompanySummary = { id: string; name: string; createdAt: Date };

/** The organization's companies by name. */
export async function listCompanies(orgId: string, client: Tx | typeof db = db): Promise<CompanySummary[]> {
  return client.company.findMany({ where: { orgId }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, createdAt: true } });
}

export type CompanyWithAccess = CompanySummary & { memberCount: number };

/** The organization's companies by name, each with how many members reach it (all-companies members included). */
export async function listCompaniesWithAccess(orgId: string): Promise<CompanyWithAccess[]> {
  const [companies, everywhere] = await Promise.all([
    db.company.findMany({
      where: { orgId },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      // A member with every company may still have rows from before; they count once, as "all".
      select: { id: true, name: true, createdAt: true, _count: { select: { members: { where: { membership: { allCompanies: false } } } } } },
    }),
    db.membership.count({ where: { orgId, allCompanies: true } }),
  ]);
  return companies.map(({ _count, ...company }) => ({ ...company, memberCount: everywhere + _count.members }));
}

type CompanyChange = { actor: OrganizationMember; context: RequestContext };

const COMPANY_NAME_TAKEN = "A company with that name already exists. Choose another.";

/** The actor as they are now, inside the write, with companies.manage. */
async function requireCompanyManager(tx: Tx, actor: OrganizationMember): Promise<void> {
  const member = await requireMember(actor.userId, actor.orgId, tx);
  if (!can(member, "companies.manage")) throw new AppError("FORBIDDEN");
}

async function companyNames(tx: Tx, orgId: string) {
  return tx.company.findMany({ where: { orgId }, select: { id: true, name: true } });
}

async function findCompany(tx: Tx, orgId: string, companyId: string) {
  // Scoped by organization in the query: another organization's company id is Not Found here.
  const company = await tx.company.findFirst({ where: { id: companyId, orgId }, select: { id: true, name: true } });
  if (!company) throw new AppError("NOT_FOUND", "That company doesn't exist or was deleted.");
  return company;
}

async function withUniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(COMPANY_NAME_TAKEN);
    throw error;
  }
}

/** Creates a company. Throws CONFLICT (with a field error) for a name the organization already uses. */
export async function createCompany({ actor, input, context }: CompanyChange & { input: CompanyNameInput }): Promise<CompanySummary> {
  return withUniqueName(() =>
    serializableTransaction(async (tx) => {
      await requireCompanyManager(tx, actor);
      assertNameFree(await companyNames(tx, actor.orgId), input.name, null, COMPANY_NAME_TAKEN);
      const company = await tx.company.create({ data: { orgId: actor.orgId, name: input.name }, select: { id: true, name: true, createdAt: true } });
      await recordAuditEvent(tx, { action: "company.created", userId: actor.userId, orgId: actor.orgId, context, metadata: { companyId: company.id, companyName: company.name } });
      return company;
    }),
  );
}

export async function renameCompany({ actor, companyId, input, context }: CompanyChange & { companyId: string; input: CompanyNameInput }): Promise<{ id: string; name: string }> {
  return withUniqueName(() =>
    serializableTransaction(async (tx) => {
      await requireCompanyManager(tx, actor);
      const company = await findCompany(tx, actor.orgId, companyId);
      assertNameFree(await companyNames(tx, actor.orgId), input.name, company.id, COMPANY_NAME_TAKEN);
      if (company.name === input.name) return company;
      await tx.company.update({ where: { id: company.id }, data: { name: input.name } });
      await recordAuditEvent(tx, {
        action: "company.renamed",
        userId: actor.userId,
        orgId: actor.orgId,
        context,
        metadata: { companyId: company.id, companyName: input.name, previousName: company.name },
      });
      return { id: company.id, name: input.name };
    }),
  );
}

/**
 * Deletes a company. Members keep access to the other companies they reach; pending
 * invitations stop offering it.
 */
export async function deleteCompany({ actor, companyId, context }: CompanyChange & { companyId: string }): Promise<{ name: string }> {
  return serializableTransaction(async (tx) => {
    await requireCompanyManager(tx, actor);
    const company = await findCompany(tx, actor.orgId, companyId);
    const offering = await tx.invitation.findMany({
      where: { orgId: actor.orgId, allCompanies: false, companyIds: { contains: company.id } },
      select: { id: true, companyIds: true },
    });
    for (const invitation of offering) {
      const companyIds = invitation.companyIds
        .split(" ")
        .filter((id) => id && id !== company.id)
        .join(" ");
      await tx.invitation.update({ where: { id: invitation.id }, data: { companyIds } });
    }
    // Access rows (MembershipCompany) go with the company.
    await tx.company.delete({ where: { id: company.id } });
    await recordAuditEvent(tx, { action: "company.deleted", userId: actor.userId, orgId: actor.orgId, context, metadata: { companyId: company.id, companyName: company.name } });
    return { name: company.name };
  });
}

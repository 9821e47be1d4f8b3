import "server-only";
import { db, type Tx } from "@/lib/db/client";

export type CompanySummary = { id: string; name: string; createdAt: Date };

/** The organization's companies by name. */
export async function listCompanies(orgId: string, client: Tx | typeof db = db): Promise<CompanySummary[]> {
  return client.company.findMany({ where: { orgId }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, createdAt: true } });
}

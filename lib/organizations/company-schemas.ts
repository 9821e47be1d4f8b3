// Company fields, shared by the companies page's forms and the server (safe to import in client code).
import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { plainText } from "@/lib/validation/fields";

export const COMPANY_NAME_MAX_LENGTH = 100;

const companyName = plainText("Company name", COMPANY_NAME_MAX_LENGTH).refine((value) => value.length > 0, "Enter a name for the company.");
const companyId = recordId("Choose a company.");

export const createCompanySchema = z.object({ name: companyName });
export const renameCompanySchema = z.object({ companyId, name: companyName });
export const deleteCompanySchema = z.object({ companyId });
export type CompanyNameInput = z.infer<typeof createCompanySchema>;

// Rules for an organization's details (safe to import in client code).
import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { plainText } from "@/lib/validation/fields";
import { isCountryCode } from "./countries";

export const ORGANIZATION_NAME_MAX_LENGTH = 100;
export const SLUG_MIN_LENGTH = 2;
export const SLUG_MAX_LENGTH = 48;

export const organizationNameSchema = plainText("Organization name", ORGANIZATION_NAME_MAX_LENGTH).refine((value) => value.length > 0, "Enter the organization's name.");

/** "" means not chosen; otherwise an ISO 3166-1 alpha-2 code. */
export const countrySchema = z
  .string({ error: "Choose a country from the list." })
  .max(2, "Choose a country from the list.")
  .refine((value) => value === "" || isCountryCode(value), "Choose a country from the list.")
  .transform((value) => (value === "" ? null : value));

export const slugSchema = z
  .string({ error: "Slug must be text." })
  .max(SLUG_MAX_LENGTH * 4, `Slug must be at most ${SLUG_MAX_LENGTH} characters.`)
  .transform((value) => value.trim())
  .refine((value) => value.length >= SLUG_MIN_LENGTH && value.length <= SLUG_MAX_LENGTH, `Slug must be ${SLUG_MIN_LENGTH} to ${SLUG_MAX_LENGTH} characters.`)
  .refine((value) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value), "Use lowercase letters, digits and single hyphens, like acme-labs.");

export const createOrganizationSchema = z.object({ name: organizationNameSchema, country: countrySchema });
export type CreateOrganizationInput = z.output<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z.object({ name: organizationNameSchema, country: countrySchema, slug: slugSchema });
export type UpdateOrganizationInput = z.output<typeof updateOrganizationSchema>;

export const deleteOrganizationSchema = z.object({ confirmation: z.string({ error: "Type the organization's slug." }).max(200) });

export const transferOwnershipSchema = z.object({ userId: recordId("Choose a member.") });

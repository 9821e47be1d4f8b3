"use server";

import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { organizationAction, userAction } from "@/lib/actions/define-action";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { switchOrganization } from "@/lib/organizations/current-organization";
import { createOrganizationSchema, deleteOrganizationSchema, transferOwnershipSchema, updateOrganizationSchema } from "@/lib/organizations/organization-schemas";
import { createOrganization, deleteOrganization, updateOrganization } from "@/lib/organizations/organizations";
import { acceptOwnershipTransfer, cancelOwnershipTransfer, requestOwnershipTransfer } from "@/lib/organizations/ownership-transfer";

const EVERY_SETTINGS_PAGE = { path: "/settings", type: "layout" } as const;

export const createOrganizationAction = userAction(
  { schema: createOrganizationSchema, echo: ["name", "country"], revalidate: EVERY_SETTINGS_PAGE },
  async (input, { session, context }) => {
    await createOrganization(session, input, context);
    return { redirect: "/settings/organization?notice=created" };
  },
);

const switchSchema = z.object({
  organizationId: recordId("Choose an organization."),
  /** The page the switcher was used on: organization pages show the new organization. */
  returnTo: z.string().max(2048).optional(),
});

export const switchOrganizationAction = userAction({ schema: switchSchema, revalidate: EVERY_SETTINGS_PAGE }, async (input, { session }) => {
  await switchOrganization(session, input.organizationId);
  // Back to the same settings page (without its query: a filter may not fit the new
  // organization); anything else lands on the organization's details.
  const path = safeRedirectPath(input.returnTo).split(/[?#]/)[0]!;
  return { redirect: path.startsWith("/settings/") && input.returnTo?.startsWith(path) ? path : "/settings/organization" };
});

export const updateOrganizationAction = organizationAction(
  { permission: "organization.update", schema: updateOrganizationSchema, echo: ["name", "country", "slug"], revalidate: EVERY_SETTINGS_PAGE },
  async (input, { member, context }) => {
    await updateOrganization(member, input, context);
    return { message: "Organization saved." };
  },
);

export const deleteOrganizationAction = organizationAction(
  { permission: "owners.manage", schema: deleteOrganizationSchema, echo: ["confirmation"], revalidate: EVERY_SETTINGS_PAGE },
  async (input, { session, member, context }) => {
    await deleteOrganization(session, member, input.confirmation, context);
    return { redirect: "/settings/organization?notice=deleted" };
  },
);

export const requestOwnershipTransferAction = organizationAction(
  { permission: "owners.manage", schema: transferOwnershipSchema, revalidate: "/settings/organization" },
  async (input, { session, member, context }) => {
    await requestOwnershipTransfer(session, member, input.userId, context);
    return { message: "Transfer requested. Nothing changes until they accept it." };
  },
);

export const cancelOwnershipTransferAction = organizationAction(
  { permission: "owners.manage", schema: z.object({}), revalidate: "/settings/organization" },
  async (_input, { member, context }) => {
    await cancelOwnershipTransfer(member.userId, member.orgId, context, { asRecipient: false });
    return { message: "Transfer cancelled." };
  },
);

export const acceptOwnershipTransferAction = organizationAction(
  { permission: "organization.view", schema: z.object({}), revalidate: EVERY_SETTINGS_PAGE },
  async (_input, { session, member, context }) => {
    await acceptOwnershipTransfer(session, member.orgId, context);
    await switchOrganization(session, member.orgId);
    return { redirect: "/settings/organization?notice=owner" };
  },
);

export const declineOwnershipTransferAction = organizationAction(
  { permission: "organization.view", schema: z.object({}), revalidate: EVERY_SETTINGS_PAGE },
  async (_input, { member, context }) => {
    await cancelOwnershipTransfer(member.userId, member.orgId, context, { asRecipient: true });
    return { message: "Transfer declined." };
  },
);

"use server";

import { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { userAction } from "@/lib/actions/define-action";
import { leaveOrganization } from "@/lib/organizations/memberships";

const leaveSchema = z.object({ orgId: recordId("Choose an organization.") });

export const leaveOrganizationAction = userAction({ schema: leaveSchema, revalidate: "/settings/memberships" }, async (input, { session, context }) => {
  await leaveOrganization(session, input.orgId, context);
  return { redirect: "/settings/memberships?notice=left" };
});

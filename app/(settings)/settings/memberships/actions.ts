"use server";

import { z } from "zod";
import { userAction } from "@/lib/actions/define-action";
import { leaveOrganization } from "@/lib/organizations/memberships";

const leaveSchema = z.object({ orgId: z.string({ error: "Choose an organization." }).min(1).max(64) });

export const leaveOrganizationAction = userAction({ schema: leaveSchema, revalidate: "/settings/memberships" }, async (input, { session, context }) => {
  await leaveOrganization(session, input.orgId, context);
  return { redirect: "/settings/memberships?notice=left" };
});

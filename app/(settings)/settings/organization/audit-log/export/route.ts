import { csvDownload, plainTextResponse, refuseTooManyExports } from "@/lib/audit/csv";
import { organizationLogCsv, organizationLogFilterSchema } from "@/lib/audit/organization-log";
import { getSession } from "@/lib/auth/session";
import { contextFromHeaders } from "@/lib/http/request-context";
import { getCurrentMember } from "@/lib/organizations/current-organization";
import { can } from "@/lib/organizations/permissions";
import { recordAuthorizationRefusal } from "@/lib/organizations/record-authorization-refusal";

/**
 * The current organization's audit log, filtered like the page, as a CSV download. It checks
 * the session and the permission itself: the proxy only redirects, and the page's check does
 * not cover this route.
 */
export async function GET(request: Request) {
  const session = await getSession();
  if (!session) return plainTextResponse("Sign in first.", 401);
  const member = await getCurrentMember(session);
  // Like the page: a log the person may not read does not exist for them.
  if (!member) return plainTextResponse("Not found.", 404);
  if (!can(member, "audit_log.view")) {
    await recordAuthorizationRefusal(member, "audit_log.view", contextFromHeaders(request.headers));
    return plainTextResponse("Not found.", 404);
  }
  const tooMany = await refuseTooManyExports(session.user.id);
  if (tooMany) return tooMany;
  const filter = organizationLogFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return csvDownload(organizationLogCsv(member, { ...filter, cursor: undefined }), `latchkey-audit-log-${member.orgSlug}`);
}

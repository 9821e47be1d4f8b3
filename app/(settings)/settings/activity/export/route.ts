import { csvDownload, plainTextResponse, refuseTooManyExports } from "@/lib/audit/csv";
import { securityLogCsv, securityLogFilterSchema } from "@/lib/audit/queries";
import { getSession } from "@/lib/auth/session";

/** The security log's filtered view as a CSV download. */
export async function GET(request: Request) {
  const session = await getSession();
  if (!session) return plainTextResponse("Sign in first.", 401);
  const tooMany = await refuseTooManyExports(session.user.id);
  if (tooMany) return tooMany;
  const filter = securityLogFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return csvDownload(securityLogCsv(session.user.id, { ...filter, cursor: undefined }), "latchkey-security-log");
}

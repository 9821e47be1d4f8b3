import { exportUserData } from "@/lib/account/export-data";
import { getSession } from "@/lib/auth/session";
import { contextFromHeaders } from "@/lib/http/request-context";

/** "Download your data": a JSON file generated on request. */
export async function GET(request: Request) {
  const session = await getSession();
  if (!session) return new Response("Sign in first.", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const data = await exportUserData(session.user.id, contextFromHeaders(request.headers));
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="latchkey-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}

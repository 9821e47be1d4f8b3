import { getSession } from "@/lib/auth/session";
import { securityLogCsv, securityLogFilterSchema } from "@/lib/audit/queries";

/** The security log's filtered view as a CSV download. */
export async function GET(request: Request) {
  const session = await getSession();
  if (!session) return new Response("Sign in first.", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const filter = securityLogFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = securityLogCsv(session.user.id, { ...filter, cursor: undefined });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await rows.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="latchkey-security-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

import { exportUserData } from "@/lib/account/export-data";
import { getSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { contextFromHeaders } from "@/lib/http/request-context";

function plainText(message: string, status: number): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/** "Download your data": a JSON file generated on request, after a recent step-up. */
export async function GET(request: Request) {
  const session = await getSession();
  if (!session) return plainText("Sign in first.", 401);
  let data;
  try {
    data = await exportUserData(session, contextFromHeaders(request.headers));
  } catch (error) {
    // The Account page asks for the step-up before it links here; a direct visit is told what to do.
    if (error instanceof AppError && error.code === "STEP_UP_REQUIRED") {
      return plainText("Confirm it's you first: open Settings → Account and choose “Download your data” again.", 403);
    }
    throw error;
  }
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="latchkey-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}

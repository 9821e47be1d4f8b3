// proxy.ts sends every cross-site request that could change something here, so that the
// refusal is written to the security log (the proxy runtime has no database).
import { getSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { isCrossSiteRequest, REFUSED_PATH_HEADER } from "@/lib/http/origin";
import { contextFromHeaders } from "@/lib/http/request-context";
import { recordCrossSiteRefusal } from "@/lib/http/record-cross-site-refusal";

async function refuse(request: Request): Promise<Response> {
  // Asked for directly by a same-origin client: nothing was refused, nothing to log.
  if (!isCrossSiteRequest(request.headers, getConfig().appOrigin)) return new Response("Not found.", { status: 404 });
  const session = await getSession();
  await recordCrossSiteRefusal({
    context: contextFromHeaders(request.headers),
    userId: session?.user.id ?? null,
    path: request.headers.get(REFUSED_PATH_HEADER),
    origin: request.headers.get("origin"),
  });
  return new Response("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export const POST = refuse;
export const PUT = refuse;
export const PATCH = refuse;
export const DELETE = refuse;

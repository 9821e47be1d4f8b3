import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { withinLimit } from "@/lib/rate-limit/limit";
import type { RequestContext } from "./request-context";

/** Both come from the request: attacker text, kept short. */
const TEXT_MAX_LENGTH = 200;

type CrossSiteRefusal = {
  context: RequestContext;
  /** The signed-in person whose browser sent it, when the cookie came along: it shows in their log. */
  userId: string | null;
  /** The page or route asked for, when known (a server action's path is not). */
  path: string | null;
  origin: string | null;
};

/**
 * Writes `request.cross_site_refused`, at most RATE_LIMITS["cross-site-log:ip"] times per
 * address and window: the requests are refused either way, and a flood of them must not fill
 * the log. The one place such a refusal is logged, whether the proxy or an action refused it.
 */
export async function recordCrossSiteRefusal({ context, userId, path, origin }: CrossSiteRefusal): Promise<void> {
  if (!(await withinLimit("cross-site-log:ip", context.ipAddress ?? "unknown"))) return;
  await db.$transaction((tx) =>
    recordAuditEvent(tx, {
      action: "request.cross_site_refused",
      userId,
      context,
      metadata: { path: path?.slice(0, TEXT_MAX_LENGTH) ?? null, origin: origin?.slice(0, TEXT_MAX_LENGTH) ?? null },
    }),
  );
}

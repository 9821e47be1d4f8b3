// What every /api/v1 call goes through before its handler, in this order: the per-address
// limit on failed authentications, the key (Authorization: Bearer only), the key's requests
// per minute, its access level, then its creator's current permission. All of it happens
// before the body is read; the handler's schema validates the body only after.
import type { ServerResponse } from "node:http";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { accessAllows, verifyApiKey, type ApiPrincipal } from "@/lib/api-keys/authenticate";
import { recordApiKeyUse } from "@/lib/api-keys/usage";
import type { RequestContext } from "@/lib/http/request-context";
import { metrics } from "@/lib/operations/metrics.mjs";
import { noteRequestRoute, noteRequestUser } from "@/lib/operations/request-scope.mjs";
import { can, type Permission } from "@/lib/organizations/permissions";
import { recordAuthorizationRefusal } from "@/lib/organizations/record-authorization-refusal";
import { RATE_LIMITS } from "@/lib/rate-limit/limit";
import { sharedWindow } from "@/lib/rate-limit/shared-window";
import { asResponse, problemAnswer, unauthenticated, type ProblemAnswer } from "./problems";

export type ApiEnv = { Variables: { principal: ApiPrincipal; context: RequestContext } };

/** Failed authentications one address may make per minute before it is refused unchecked. */
const FAILED_AUTHENTICATIONS_PER_MINUTE = RATE_LIMITS["api-auth-failures:ip"].points;
const failedAuthentications = sharedWindow("api-auth-failures:ip");
const keyRequests = sharedWindow("api-key");
const USER_AGENT_MAX_LENGTH = 512;
const BEARER = /^Bearer ([!-~]{1,200})$/;

/** scripts/server.mjs replaced X-Forwarded-For with one address: the client's. */
export function clientAddress(forwardedFor: string | undefined): string | null {
  if (!forwardedFor) return null;
  const last = forwardedFor.slice(forwardedFor.lastIndexOf(",") + 1).trim();
  return last.length > 0 && last.length <= 64 ? last : null;
}

export type Requirement = {
  /** What the call does with data: keys of the other access level are refused; null for GET /me. */
  kind: "read" | "write" | null;
  /** The creator's permission the call needs now (any one of them); none for GET /me. */
  permissions: readonly Permission[];
};

function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return { "RateLimit-Policy": `"default";q=${limit};w=60`, RateLimit: `"default";r=${remaining};t=${resetSeconds}` };
}

const endpoints = new Map<string, string>();

/** The route pattern a use is recorded under (/api/v1/api-keys/{id}), never the raw path. */
function endpointOf(method: string, routePath: string): string {
  const known = `${method} ${routePath}`;
  let endpoint = endpoints.get(known);
  if (!endpoint) endpoints.set(known, (endpoint = `${method} ${routePath.replace(/:([A-Za-z]+)/g, "{$1}")}`));
  return endpoint;
}

/** The parts of a request the guard reads, from a Hono context or straight from Node (rest-api/handler.ts). */
export type GuardedRequest = {
  method: string;
  /** The route pattern as Hono writes it (/api/v1/api-keys/:id). */
  routePath: string;
  header: (name: "x-forwarded-for" | "authorization" | "user-agent") => string | undefined;
  /** The Node response when there is one: headers set on it cost nothing per call (rest-api/handler.ts). */
  outgoing: ServerResponse | undefined;
};

/** A call let through: who it acts as, and what to do with its answer. */
export type Admission =
  { ok: true; principal: ApiPrincipal; context: RequestContext; finish: (response: Response | null, status: number) => void } | { ok: false; problem: ProblemAnswer };

/** Runs every check of a call, in the order above: a refusal as its problem answer, or the principal. */
export async function admit({ kind, permissions }: Requirement, request: GuardedRequest): Promise<Admission> {
  // One clock reading for the whole call (Next.js wraps Date, so each reading costs).
  const now = Date.now();
  const ipAddress = clientAddress(request.header("x-forwarded-for"));
  const subject = ipAddress ?? "unknown";
  // Past its failures, an address may still use keys verified a moment ago (a host product
  // forwarding its clients' keys from one address keeps working), but nothing that would
  // need the database.
  const failures = failedAuthentications.peek(subject, FAILED_AUTHENTICATIONS_PER_MINUTE, now);
  // The key only in the Authorization header: a key in the URL ends up in logs and
  // histories, one in a cookie or a body is refused the same as no key.
  const match = BEARER.exec(request.header("authorization") ?? "");
  const checked = match ? verifyApiKey(match[1], { cachedOnly: !failures.allowed, now }) : null;
  // A cached key is checked without a promise; only a database read is awaited.
  const verification = checked instanceof Promise ? await checked : checked;
  const { method, outgoing } = request;
  const endpoint = endpointOf(method, request.routePath);
  // The request's log line and metrics name the pattern, never the path with its ids.
  noteRequestRoute(endpoint.slice(method.length + 1), outgoing);
  if (!verification?.ok && !failures.allowed) {
    metrics.rateLimitRefusals.inc({ limit: "api-auth-failures:ip" });
    return refused(
      problemAnswer("rate-limited", "Too many failed authentications from this address. Wait a minute and try again.", {
        headers: { "Retry-After": String(failures.resetSeconds) },
      }),
    );
  }
  if (!verification?.ok) {
    failedAuthentications.hit(subject, FAILED_AUTHENTICATIONS_PER_MINUTE, now);
    if (verification?.keyId) recordApiKeyUse({ keyId: verification.keyId, at: now, ipAddress, method, endpoint, status: 401 }, false);
    // Only someone holding the right secret learns that the key expired (T-K3).
    return refused(unauthenticated(verification?.reason === "expired" ? "This API key has expired. Create a new key." : undefined));
  }
  const principal = verification.principal;
  const { key, member } = principal;
  noteRequestUser(member.userId, outgoing);
  const window = keyRequests.hit(key.id, key.rateLimit, now);
  const limitHeaders = rateLimitHeaders(window.limit, window.remaining, window.resetSeconds);
  if (outgoing) for (const name in limitHeaders) outgoing.setHeader(name, limitHeaders[name]!);
  // Every answer to a known key is a use of it, with its limit's headers.
  const finish = (response: Response | null, status: number) => {
    if (response && !outgoing) for (const name in limitHeaders) response.headers.set(name, limitHeaders[name]!);
    recordApiKeyUse({ keyId: key.id, at: now, ipAddress, method, endpoint, status }, status >= 200 && status < 300);
    metrics.apiRequests.inc({ environment: key.environment, status: String(status) });
  };
  const refuse = (problem: ProblemAnswer): Admission => {
    if (!outgoing) Object.assign(problem.headers, limitHeaders);
    finish(null, problem.status);
    return refused(problem);
  };
  if (!window.allowed) {
    metrics.rateLimitRefusals.inc({ limit: "api-key" });
    return refuse(problemAnswer("rate-limited", `This key may make ${window.limit} requests per minute.`, { headers: { "Retry-After": String(window.resetSeconds) } }));
  }
  const context: RequestContext = { ipAddress, userAgent: request.header("user-agent")?.slice(0, USER_AGENT_MAX_LENGTH) ?? null, apiKeyId: key.id };
  if (kind && !accessAllows(key.access, kind)) {
    return refuse(problemAnswer("forbidden", kind === "write" ? "This key is read-only." : "This key is write-only: it cannot read."));
  }
  if (permissions.length > 0 && !permissions.some((permission) => can(member, permission))) {
    await recordAuthorizationRefusal(member, permissions[0], context);
    return refuse(problemAnswer("forbidden", "The key's creator does not have permission to do that in this organization."));
  }
  return { ok: true, principal, context, finish };
}

function refused(problem: ProblemAnswer): Admission {
  return { ok: false, problem };
}

/** admit() as the middleware of a route: a refusal answers, a principal goes on to the handler. */
export function guard(requirement: Requirement): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const admission = await admit(requirement, {
      method: c.req.method,
      routePath: c.req.routePath,
      header: (name) => c.req.header(name),
      outgoing: (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing,
    });
    if (!admission.ok) return asResponse(admission.problem);
    c.set("principal", admission.principal);
    c.set("context", admission.context);
    await next();
    admission.finish(c.res, c.res.status);
  };
}

/** Bodies past this are refused (413) while they are read, before any parsing. */
export const API_BODY_MAX_BYTES = 64 * 1024;

export const limitBody: MiddlewareHandler<ApiEnv> = bodyLimit({
  maxSize: API_BODY_MAX_BYTES,
  onError: () => {
    throw new HTTPException(413);
  },
});

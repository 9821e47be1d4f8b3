import "server-only";
import { headers } from "next/headers";

/** Who is asking, taken once per request and passed to domain functions for the log. */
export type RequestContext = {
  ipAddress: string | null;
  userAgent: string | null;
  /** The API key a /api/v1 call was made with; the log names it beside its creator. */
  apiKeyId?: string;
};

const USER_AGENT_MAX_LENGTH = 512;

export function contextFromHeaders(requestHeaders: Headers): RequestContext {
  // scripts/server.mjs replaces the header with one address: the TCP peer, or what a proxy
  // listed in TRUST_PROXY forwarded (docs/decisions/0005-client-ip-and-trusted-proxies.md).
  const forwarded =
    requestHeaders
      .get("x-forwarded-for")
      ?.split(",")
      .map((part) => part.trim())
      .filter(Boolean) ?? [];
  const ipAddress = forwarded.at(-1) ?? null;
  const userAgent = requestHeaders.get("user-agent")?.slice(0, USER_AGENT_MAX_LENGTH) ?? null;
  return { ipAddress, userAgent };
}

export async function requestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}

// Per-request headers and convenience redirects only. Authorization happens in every page,
// action and route through lib/auth (the proxy can be bypassed: CVE-2025-29927).
import { NextResponse, type NextRequest } from "next/server";
import { appUrlFromEnv, isSecureAppUrl, sessionCookieNameFor } from "@/lib/config/app-url";
import { CROSS_SITE_REFUSED_PATH, isCrossSiteRequest, REFUSED_PATH_HEADER } from "@/lib/http/origin";
import { isMalformedServerActionRequest } from "@/lib/http/server-action-request";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const HSTS_MAX_AGE_SECONDS = 63_072_000;
const TOKEN_PAGES = ["/reset-password/", "/verify-email/", "/confirm-email/", "/invitations/", "/unsubscribe/"];

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Style attributes come from React and Radix positioning; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The CAPTCHA solves its puzzle in a worker started from a blob.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export async function proxy(request: NextRequest) {
  const appUrl = appUrlFromEnv();
  const secure = isSecureAppUrl(appUrl);

  if (!SAFE_METHODS.has(request.method) && isCrossSiteRequest(request.headers, new URL(appUrl).origin)) {
    // Refused with 403 by a route that can also write the security log (no database here).
    const refusedHeaders = new Headers(request.headers);
    refusedHeaders.set(REFUSED_PATH_HEADER, request.nextUrl.pathname);
    const refusal = request.nextUrl.clone();
    refusal.pathname = CROSS_SITE_REFUSED_PATH;
    refusal.search = "";
    return NextResponse.rewrite(refusal, { request: { headers: refusedHeaders } });
  }

  // Next.js answers 500 to a server-action body it cannot decode, and hands an action arguments
  // of the wrong shape: refuse both before any action runs.
  if (await isMalformedServerActionRequest(request.clone())) {
    return new NextResponse("Malformed request.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }

  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/settings") && !request.cookies.has(sessionCookieNameFor(secure))) {
    const login = new URL("/login", appUrl);
    login.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (secure) response.headers.set("Strict-Transport-Security", `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
  if (pathname.startsWith("/settings")) response.headers.set("Cache-Control", "no-store");
  // Pages behind emailed links carry a token in their URL: never send it on as a referrer.
  if (TOKEN_PAGES.some((prefix) => pathname.startsWith(prefix))) {
    response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("Cache-Control", "no-store");
  }
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};

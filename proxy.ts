// Per-request headers and convenience redirects only. Authorization happens in every page,
// action and route through lib/auth (the proxy can be bypassed: CVE-2025-29927).
import { NextResponse, type NextRequest } from "next/server";
import { appUrlFromEnv, isSecureAppUrl, sessionCookieNameFor } from "@/lib/config/app-url";
import { isCrossSiteRequest } from "@/lib/http/origin";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const HSTS_MAX_AGE_SECONDS = 63_072_000;
const TOKEN_PAGES = ["/reset-password/", "/verify-email/", "/confirm-email/"];

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

export function proxy(request: NextRequest) {
  const appUrl = appUrlFromEnv();
  const secure = isSecureAppUrl(appUrl);

  if (!SAFE_METHODS.has(request.method) && isCrossSiteRequest(request.headers, new URL(appUrl).origin)) {
    return new NextResponse("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
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

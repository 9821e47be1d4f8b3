// No "server-only" marker: proxy.ts uses it too.

/** Where proxy.ts sends a cross-site request to be refused and logged (app/cross-site-refused). */
export const CROSS_SITE_REFUSED_PATH = "/cross-site-refused";
/** The path the refused request asked for, set by proxy.ts (any client-sent value is replaced). */
export const REFUSED_PATH_HEADER = "x-latchkey-refused-path";

/**
 * True when the browser says the request came from another site. Next.js lets a request
 * without Origin through and once accepted `Origin: null`, so Latchkey checks both
 * Fetch Metadata and Origin itself. Requests with neither header come from non-browser
 * clients, which carry no ambient cookies to abuse.
 */
export function isCrossSiteRequest(requestHeaders: Headers, appOrigin: string): boolean {
  const fetchSite = requestHeaders.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = requestHeaders.get("origin");
  if (origin === null) return false;
  // APP_URL's origin only, never one built from the request's Host: the Host header is the
  // sender's to choose (DNS rebinding makes evil.example's page send Host: evil.example).
  return origin !== appOrigin;
}

// No "server-only" marker: proxy.ts uses it too.

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
  if (origin === appOrigin) return false;
  // Reaching the same server under another name (127.0.0.1 vs localhost) is still same-origin.
  const host = requestHeaders.get("host");
  const protocol = new URL(appOrigin).protocol;
  return !(host && origin === `${protocol}//${host}`);
}

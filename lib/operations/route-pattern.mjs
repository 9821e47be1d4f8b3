// The route pattern a request's log line and metrics name (/invitations/[token]), never the
// path itself: a path holds ids and tokens, and one series per path would have no bound.
// Next.js's patterns come from its build (routes-manifest.json); the REST API names its own
// (lib/operations/request-scope.mjs noteRequestRoute).
import { readFileSync } from "node:fs";
import path from "node:path";

/** Any path no route matched: one label for every unknown path, whatever clients ask for. */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * The production build's manifest, or the development server's (next dev keeps its own under dev/).
 * @param {string} distDir
 * @returns {{ staticRoutes?: { page: string }[], dynamicRoutes?: { page: string, regex: string }[] }}
 */
function readManifest(distDir) {
  for (const file of [path.join(distDir, "routes-manifest.json"), path.join(distDir, "dev", "routes-manifest.json")]) {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch {
      // Not there: the next candidate.
    }
  }
  return {};
}

/**
 * @param {string} distDir the Next.js build directory
 * @returns {(pathname: string) => string}
 */
export function createRouteMatcher(distDir) {
  const manifest = readManifest(distDir);
  const staticPages = new Set((manifest.staticRoutes ?? []).map((route) => route.page));
  const dynamicPages = (manifest.dynamicRoutes ?? []).map((route) => ({ page: route.page, regex: new RegExp(route.regex) }));
  return (pathname) => {
    if (pathname.startsWith("/_next/")) return "/_next/*";
    if (staticPages.has(pathname)) return pathname;
    for (const { page, regex } of dynamicPages) if (regex.test(pathname)) return page;
    return UNMATCHED_ROUTE;
  };
}

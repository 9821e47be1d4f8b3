import { getConfig } from "@/lib/config/env";

export const DEFAULT_AFTER_SIGN_IN = "/settings/profile";
const TARGET_MAX_LENGTH = 2048;

/**
 * Only a place on this site may follow sign-in. The target is resolved against APP_URL with
 * the URL parser (as the browser will) and kept only when it lands on APP_URL's origin;
 * `//evil.example`, `/\evil.example`, `https:evil.example` and `javascript:` fall back to the
 * default, and so does a path that normalizes into one of them (`/.//evil.example`).
 */
export function safeRedirectPath(target: unknown, appUrl: string = getConfig().APP_URL): string {
  if (typeof target !== "string" || target.length === 0 || target.length > TARGET_MAX_LENGTH) return DEFAULT_AFTER_SIGN_IN;
  const base = new URL(appUrl);
  let resolved: URL;
  try {
    resolved = new URL(target, base);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (resolved.origin !== base.origin) return DEFAULT_AFTER_SIGN_IN;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // The path goes out as a Location and is resolved again: `/.//evil.example` resolved to the
  // path `//evil.example`, which names another host the second time. Keep it only when it
  // names the same place again.
  if (new URL(path, base).href !== resolved.href) return DEFAULT_AFTER_SIGN_IN;
  return path;
}

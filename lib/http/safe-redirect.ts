export const DEFAULT_AFTER_SIGN_IN = "/settings/profile";

/**
 * Only a path on this site may follow sign-in: `//evil.test`, `/\evil.test`,
 * `https:evil.test` and `javascript:` all fall back to the default.
 */
export function safeRedirectPath(target: unknown): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.includes("\\")) {
    return DEFAULT_AFTER_SIGN_IN;
  }
  try {
    const base = "http://latchkey.invalid";
    const url = new URL(target, base);
    if (url.origin !== base) return DEFAULT_AFTER_SIGN_IN;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
}

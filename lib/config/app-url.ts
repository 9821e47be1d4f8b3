// The public URL Latchkey is served at. No "server-only" marker: proxy.ts uses it too.

export function appUrlFromEnv(env: Record<string, string | undefined> = process.env): string {
  return env.APP_URL || `http://localhost:${env.PORT || "3000"}`;
}

/** Secure cookies and HSTS whenever the public URL is https. */
export function isSecureAppUrl(appUrl: string): boolean {
  return appUrl.startsWith("https:");
}

export function sessionCookieNameFor(secure: boolean): string {
  // `__Host-` binds the cookie to this exact origin; plain-http localhost cannot carry it.
  return secure ? "__Host-latchkey.session" : "latchkey.session";
}

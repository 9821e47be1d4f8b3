import type { NextConfig } from "next";

// Headers that do not depend on the request. The per-request CSP (with its nonce), HSTS and
// Cache-Control for signed-in pages are set in proxy.ts.
const staticSecurityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), publickey-credentials-create=(self), publickey-credentials-get=(self)",
  },
];

const nextConfig: NextConfig = {
  // A second build directory lets two builds (say, two test runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  productionBrowserSourceMaps: false,
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "@prisma/adapter-pg", "@prisma/adapter-better-sqlite3", "prom-client"],
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders }];
  },
};

export default nextConfig;

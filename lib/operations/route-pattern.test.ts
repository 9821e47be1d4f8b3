import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { createRouteMatcher, UNMATCHED_ROUTE } from "./route-pattern.mjs";

test("a request is named by its route pattern from the build, never by its path", () => {
  const distDir = mkdtempSync(path.join(os.tmpdir(), "latchkey-routes-"));
  writeFileSync(
    path.join(distDir, "routes-manifest.json"),
    JSON.stringify({
      staticRoutes: [{ page: "/login", regex: "^/login(?:/)?$" }],
      dynamicRoutes: [{ page: "/reset-password/[token]", regex: "^/reset\\-password/([^/]+?)(?:/)?$" }],
    }),
  );
  const routeOf = createRouteMatcher(distDir);
  expect(routeOf("/login")).toBe("/login");
  expect(routeOf("/reset-password/4f9c2b1e-secret")).toBe("/reset-password/[token]");
  expect(routeOf("/_next/static/chunks/app-123.js")).toBe("/_next/*");
  // Whatever a client asks for, unknown paths share one label.
  expect(routeOf("/wp-admin/setup.php")).toBe(UNMATCHED_ROUTE);
  expect(routeOf("/reset-password/a/b")).toBe(UNMATCHED_ROUTE);
});

test("without a build manifest every path is unmatched rather than an error", () => {
  const routeOf = createRouteMatcher(mkdtempSync(path.join(os.tmpdir(), "latchkey-routes-")));
  expect(routeOf("/login")).toBe(UNMATCHED_ROUTE);
});

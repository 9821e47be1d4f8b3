/** @see issue 8, item 7: `/.//evil.example` and friends redirected a signed-in visitor off-site. */
import { expect, test } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeRedirectPath } from "./safe-redirect";

const APP_URL = "http://localhost:3000";

test.each([
  ["/settings/appearance", "/settings/appearance"],
  ["/settings/profile?tab=1#x", "/settings/profile?tab=1#x"],
  ["/settings/../settings/sessions", "/settings/sessions"],
  ["/settings/./security", "/settings/security"],
  ["http://localhost:3000/settings/passkeys", "/settings/passkeys"],
  // A path on this site that only looks like a host name once decoded stays a path here.
  ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  // Scheme-relative with one slash: a path here (http: is APP_URL's own scheme).
  ["http:/evil.example", "/evil.example"],
])("a place on this site %j is kept as %j", (target, expected) => {
  expect(safeRedirectPath(target, APP_URL)).toBe(expected);
});

test.each([
  "//evil.example",
  "///evil.example",
  "/.//evil.example",
  "/././/evil.example",
  "/x/..//evil.example",
  "/x/../..//evil.example",
  "/%2e//evil.example",
  "/%2E//evil.example",
  "/%2e%2e//evil.example",
  "/\\evil.example",
  "\\/evil.example",
  "\\\\evil.example",
  "/.\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  " //evil.example",
  "https:evil.example",
  "https://evil.example",
  "http://localhost:3000@evil.example",
  "http://localhost:3000.evil.example/",
  "https://localhost:3000/settings",
  "http://localhost:3001/settings",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "//evil.example/%2f..",
  "x".repeat(3000),
  "",
  undefined,
  null,
  42,
  ["/settings"],
])("hostile or missing target %j falls back to the default", (target) => {
  expect(safeRedirectPath(target, APP_URL)).toBe(DEFAULT_AFTER_SIGN_IN);
});

test("the comparison is with APP_URL's origin, whatever it is", () => {
  expect(safeRedirectPath("https://id.example.com/settings/profile?x=1", "https://id.example.com")).toBe("/settings/profile?x=1");
  expect(safeRedirectPath("http://id.example.com/settings", "https://id.example.com")).toBe(DEFAULT_AFTER_SIGN_IN);
});

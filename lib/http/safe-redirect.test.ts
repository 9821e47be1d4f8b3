import { expect, test } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeRedirectPath } from "./safe-redirect";

test.each([
  ["/settings/appearance", "/settings/appearance"],
  ["/settings/profile?tab=1#x", "/settings/profile?tab=1#x"],
])("same-site path %j is kept", (target, expected) => {
  expect(safeRedirectPath(target)).toBe(expected);
});

test.each([
  "//evil.test",
  "/\\evil.test",
  "\\/evil.test",
  "https:evil.test",
  "https://evil.test",
  "javascript:alert(1)",
  "https://app.example.evil.test",
  "/%2F%2Fevil.test",
  "",
  undefined,
  null,
  ["/settings"],
])("hostile or missing target %j falls back to the default", (target) => {
  const result = safeRedirectPath(target);
  expect(result.startsWith("/") && !result.startsWith("//")).toBe(true);
  if (typeof target !== "string" || !target.startsWith("/%2F")) expect(result).toBe(DEFAULT_AFTER_SIGN_IN);
});

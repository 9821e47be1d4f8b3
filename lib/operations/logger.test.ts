import { expect, test } from "vitest";
import { logLevelOf, maskEmail } from "./logger.mjs";

test("an email address in a log keeps its first letter and its domain only", () => {
  expect(maskEmail("jane.doe@example.com")).toBe("j***@example.com");
  expect(maskEmail("x@example.com")).toBe("x***@example.com");
  expect(maskEmail("not-an-address")).toBe("***");
  expect(maskEmail("@example.com")).toBe("***");
});

test("LOG_LEVEL: a known level in any case, else info", () => {
  expect(logLevelOf("DEBUG")).toBe("debug");
  expect(logLevelOf(" warn ")).toBe("warn");
  expect(logLevelOf(undefined)).toBe("info");
  expect(logLevelOf("verbose")).toBe("info");
});

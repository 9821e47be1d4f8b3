import { describe, expect, test } from "vitest";
import { emailSchema, requiredName } from "./fields";
import { optionalPhoneSchema } from "./phone";

const firstError = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("names", () => {
  const name = requiredName("First name");

  test("trimmed and kept", () => {
    expect(name.parse("  Ada ")).toBe("Ada");
    expect(name.parse("Zoë")).toBe("Zoë");
    expect(name.parse("<img src=x onerror=alert(1)>")).toBe("<img src=x onerror=alert(1)>");
  });

  test.each([
    ["", "Enter your first name."],
    ["   ", "Enter your first name."],
    ["a".repeat(101), "First name must be at most 100 characters."],
    ["a".repeat(1_000_000), "First name must be at most 100 characters."],
    ["Ada\u0000", "First name contains characters that are not allowed."],
    ["Ada\u0007", "First name contains characters that are not allowed."],
    ["Ada\nLovelace", "First name contains characters that are not allowed."],
    ["Ada\u009b", "First name contains characters that are not allowed."],
    ["Ada\ud800", "First name contains characters that are not allowed."],
  ])("%j is refused: %s", (value, message) => {
    expect(firstError(name.safeParse(value))).toBe(message);
  });

  test.each([[undefined], [null], [42], [["Ada"]], [{ toString: "Ada" }]])("%j is refused as not text", (value) => {
    expect(firstError(name.safeParse(value))).toBe("First name must be text.");
  });
});

describe("email", () => {
  test("canonical: trimmed and lower-cased", () => {
    expect(emailSchema.parse("  Alice@Example.COM ")).toBe("alice@example.com");
  });

  test.each([
    "",
    "alice",
    "a＠b.test",
    "a﹫b.test",
    '"e@attacker.test"@victim.test',
    "foo@evil.test@victim.test",
    "foo@victim.test,evil.test",
    "foo@victim.test.",
    "foo @victim.test",
    "аlice@example.com", // Cyrillic а
    `${"a".repeat(250)}@b.co`,
  ])("%j is refused", (value) => {
    expect(emailSchema.safeParse(value).success).toBe(false);
  });
});

describe("phone numbers", () => {
  test.each([
    ["+44 20 7946 0958", "+442079460958"],
    ["+1 (415) 555-0123", "+14155550123"],
    ["", null],
    ["   ", null],
  ])("%j is stored as %j", (value, stored) => {
    expect(optionalPhoneSchema.parse(value)).toBe(stored);
  });

  test.each(["12345", "+1 555", "not a number", "+999 1234 5678", "4155550123"])("%j is refused with guidance", (value) => {
    expect(firstError(optionalPhoneSchema.safeParse(value))).toMatch(/^Enter a valid phone number with its country code/);
  });
});

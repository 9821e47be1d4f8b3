import { describe, expect, test } from "vitest";
import { newPasswordSchema } from "./password-policy";
import { passwordRules } from "./password-rules";

const metRules = (policy: "classic" | "nist", password: string) =>
  passwordRules(policy)
    .filter((rule) => rule.test(password))
    .map((rule) => rule.id);

describe("classic policy (the default)", () => {
  test.each([
    ["length", "Aa1!aaa", false],
    ["length", "Aa1!aaaa", true],
    ["length", `Aa1!${"a".repeat(124)}`, true],
    ["length", `Aa1!${"a".repeat(125)}`, false],
    ["uppercase", "abc", false],
    ["uppercase", "aBc", true],
    ["uppercase", "éÉ", true],
    ["lowercase", "ABC", false],
    ["lowercase", "AbC", true],
    ["number", "abc", false],
    ["number", "ab3", true],
    ["special", "abc123", false],
    ["special", "abc 123", false],
    ["special", "abc-123", true],
    ["special", "abc€", true],
  ])("rule %s on %j is met: %s", (rule, password, met) => {
    expect(metRules("classic", password).includes(rule)).toBe(met);
  });

  test("counts characters, not UTF-16 code units", () => {
    expect(metRules("classic", "Aa1!😀😀😀😀")).toContain("length");
  });

  test("the schema names every unmet rule and accepts a valid password", () => {
    const schema = newPasswordSchema("classic");
    const failure = schema.safeParse("short");
    expect(failure.success).toBe(false);
    expect(failure.error?.issues[0]?.message).toBe("Password needs: 8 to 128 characters, an uppercase letter, a number, a special character.");
    expect(schema.safeParse("Correct-Horse1").success).toBe(true);
    expect(schema.safeParse("").error?.issues[0]?.message).toBe("Enter a password.");
  });

  test("the schema refuses non-strings with a clear message", () => {
    for (const value of [undefined, null, 42, ["Correct-Horse1"], { a: 1 }]) {
      expect(newPasswordSchema("classic").safeParse(value).error?.issues[0]?.message).toBe("Password must be text.");
    }
  });
});

describe("NIST 800-63B-4 policy", () => {
  test("15 characters for a single-factor account, no composition rules", () => {
    const schema = newPasswordSchema("nist");
    expect(schema.safeParse("a".repeat(14)).success).toBe(false);
    expect(schema.safeParse("a".repeat(15)).success).toBe(true);
    expect(schema.safeParse("all lower case words here").success).toBe(true);
    expect(schema.safeParse("x".repeat(64)).success).toBe(true);
    expect(schema.safeParse("x".repeat(129)).success).toBe(false);
  });

  test("8 characters when a second factor is always required", () => {
    expect(newPasswordSchema("nist", { hasSecondFactor: true }).safeParse("abcdefgh").success).toBe(true);
    expect(newPasswordSchema("nist", { hasSecondFactor: true }).safeParse("abcdefg").success).toBe(false);
  });
});

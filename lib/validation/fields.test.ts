import { describe, expect, test } from "vitest";
import { signUpSchema } from "@/lib/account/schemas";
import { profileSchema } from "@/lib/profile/schemas";
import { passkeyNameSchema, renamePasskeySchema } from "@/lib/webauthn/schemas";
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

/**
 * Invisible format characters make a name read as something else ("Ada\u202Eexe.txt" shows as
 * "Adatxt.exe") in the members list, security emails and the passkey list.
 * @see issue 8, item 10
 */
describe("invisible and direction-changing characters", () => {
  const INVISIBLE = "contains invisible formatting characters (such as text-direction marks). Type it again without them.";
  const name = requiredName("First name");

  test.each([
    ["U+202A left-to-right embedding", "\u202a"],
    ["U+202B right-to-left embedding", "\u202b"],
    ["U+202C pop directional formatting", "\u202c"],
    ["U+202D left-to-right override", "\u202d"],
    ["U+202E right-to-left override", "\u202e"],
    ["U+2066 left-to-right isolate", "\u2066"],
    ["U+2067 right-to-left isolate", "\u2067"],
    ["U+2068 first strong isolate", "\u2068"],
    ["U+2069 pop directional isolate", "\u2069"],
    ["U+200E left-to-right mark", "\u200e"],
    ["U+200F right-to-left mark", "\u200f"],
    ["U+061C Arabic letter mark", "\u061c"],
    ["U+200B zero-width space", "\u200b"],
    ["U+2060 word joiner", "\u2060"],
    ["U+FEFF byte order mark", "\ufeff"],
    ["U+00AD soft hyphen", "\u00ad"],
    ["U+E0041 tag letter A", "\u{e0041}"],
    ["U+3164 Hangul filler", "\u3164"],
  ])("%s inside a name is refused", (_label, character) => {
    expect(firstError(name.safeParse(`Ada${character}Lovelace`))).toBe(`First name ${INVISIBLE}`);
  });

  test.each([
    ["Persian with a zero-width non-joiner", "می\u200cخواهم"],
    ["an emoji family joined by zero-width joiners", "👩\u200d👩\u200d👧"],
    ["Hebrew, right to left by itself", "עדה"],
    ["Arabic", "آدا"],
    ["accents and apostrophes", "Zoë O'Brien-Łukasz"],
  ])("%s is kept", (_label, value) => {
    expect(name.parse(value)).toBe(value.normalize("NFC"));
  });

  test("every schema that takes display text refuses them", () => {
    const override = "Ada\u202eexe.txt";
    const profile = { firstName: "Ada", lastName: "Lovelace", jobTitle: "", phoneNumber: "" };
    expect(profileSchema.safeParse({ ...profile, firstName: override }).error?.issues[0]?.message).toBe(`First name ${INVISIBLE}`);
    expect(profileSchema.safeParse({ ...profile, lastName: override }).error?.issues[0]?.message).toBe(`Last name ${INVISIBLE}`);
    expect(profileSchema.safeParse({ ...profile, jobTitle: "CEO\u2067" }).error?.issues[0]?.message).toBe(`Job position ${INVISIBLE}`);

    const signUp = { firstName: "Ada", lastName: "Lovelace", email: "ada@example.test", password: "Correct-Horse-9", confirmPassword: "Correct-Horse-9" };
    const signUpMessages = (input: Record<string, string>) =>
      signUpSchema("classic")
        .safeParse(input)
        .error?.issues.map((issue) => issue.message);
    expect(signUpMessages({ ...signUp, firstName: override })).toEqual([`First name ${INVISIBLE}`]);
    expect(signUpMessages({ ...signUp, lastName: override })).toEqual([`Last name ${INVISIBLE}`]);
    expect(signUpMessages({ ...signUp, organizationName: `Acme${"\u200f"}` })).toEqual([`Organization name ${INVISIBLE}`]);

    expect(firstError(passkeyNameSchema.safeParse("Laptop\u2066"))).toBe(`Passkey name ${INVISIBLE}`);
    expect(firstError(renamePasskeySchema.safeParse({ passkeyId: "pk_1", name: "Phone\u202e" }))).toBe(`Passkey name ${INVISIBLE}`);
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

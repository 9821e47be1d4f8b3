import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { checkTotpCode, generateTotpSecret, normalizeTotpCode, totpCode, totpUri } from "./totp";

// RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII string "12345678901234567890".
const RFC_SEED = new TextEncoder().encode("12345678901234567890");
const RFC_6238_SHA1 = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
] as const;

/** RFC 4226 §5.3 written out with node:crypto, to check otplib against something else. */
function independentTotp(base32: string, epochSeconds: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bits = [...base32].map((character) => alphabet.indexOf(character).toString(2).padStart(5, "0")).join("");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(epochSeconds / 30)));
  const digest = createHmac("sha1", key).update(counter).digest();
  const offset = digest[19]! & 0xf;
  const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return binary.toString().padStart(6, "0");
}

describe("known-answer vectors (T-D1)", () => {
  test.each(RFC_6238_SHA1)("RFC 6238 at T=%i gives %s", async (time, expected) => {
    expect(await totpCode(RFC_SEED, time, 8)).toBe(expected);
  });

  // RFC 4226 Appendix D: HOTP values for counters 0..9 are the TOTP values at T = counter × 30.
  const RFC_4226 = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  test.each(RFC_4226.map((code, counter) => [counter, code] as const))("RFC 4226 counter %i gives %s", async (counter, expected) => {
    expect(await totpCode(RFC_SEED, counter * 30)).toBe(expected);
  });

  test("a live code matches an independent RFC 4226 computation", async () => {
    const secret = generateTotpSecret();
    const now = Math.floor(Date.now() / 1000);
    expect(await totpCode(secret, now)).toBe(independentTotp(secret, now));
  });
});

describe("checkTotpCode", () => {
  const secret = generateTotpSecret();
  // A moment in the middle of a step.
  const now = new Date(Math.floor(Date.now() / 30_000) * 30_000 + 15_000);
  const step = Math.floor(now.getTime() / 30_000);
  const codeAt = (offsetSteps: number) => totpCode(secret, (step + offsetSteps) * 30 + 1);

  test("secrets are 160-bit base32", () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
  });

  test.each([-1, 0, 1])("accepts the code of step T%+i (T-D3)", async (offset) => {
    expect(await checkTotpCode({ secret, code: await codeAt(offset), lastUsedStep: null }, now)).toEqual({ valid: true, timeStep: step + offset });
  });

  test.each([-2, 2])("refuses the code of step T%+i", async (offset) => {
    const code = await codeAt(offset);
    // A code may repeat by chance; only assert when it differs from every accepted one.
    const accepted = await Promise.all([-1, 0, 1].map(codeAt));
    if (!accepted.includes(code)) {
      expect(await checkTotpCode({ secret, code, lastUsedStep: null }, now)).toEqual({ valid: false, replayed: false });
    }
  });

  test("refuses a replay of the step last used, and of an earlier step (T-D2)", async () => {
    expect(await checkTotpCode({ secret, code: await codeAt(0), lastUsedStep: step }, now)).toEqual({ valid: false, replayed: true });
    expect(await checkTotpCode({ secret, code: await codeAt(-1), lastUsedStep: step }, now)).toEqual({ valid: false, replayed: true });
    expect(await checkTotpCode({ secret, code: await codeAt(1), lastUsedStep: step }, now)).toEqual({ valid: true, timeStep: step + 1 });
  });

  test("refuses malformed codes", async () => {
    for (const code of ["", "12345", "1234567", "abcdef", "12345a", "１２３４５６"]) {
      expect(await checkTotpCode({ secret, code, lastUsedStep: null }, now)).toEqual({ valid: false, replayed: false });
    }
  });

  test("spaces and dashes in a code are ignored", () => {
    expect(normalizeTotpCode(" 123 456 ")).toBe("123456");
    expect(normalizeTotpCode("123-456")).toBe("123456");
  });

  test("the otpauth URI names Latchkey, SHA-1, 6 digits, 30 s", () => {
    const uri = new URL(totpUri(secret, "ada@example.com"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Latchkey");
    expect(uri.searchParams.get("digits") ?? "6").toBe("6");
    expect((uri.searchParams.get("algorithm") ?? "SHA1").toUpperCase()).toBe("SHA1");
  });
});

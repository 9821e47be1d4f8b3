import { describe, expect, it } from "vitest";
import { API_KEY_MAX_LENGTH, generateApiKey, generateKeyId, maskApiKey, parseApiKey } from "./key-format";

describe("API key format", () => {
  it("carries the environment prefix, the public key id and a 190-bit secret", () => {
    const keyId = generateKeyId();
    const { key, secret } = generateApiKey("live", keyId);
    expect(key).toMatch(new RegExp(`^lk_live_${keyId}_[0-9A-Za-z]{38}$`));
    expect(key).toHaveLength(API_KEY_MAX_LENGTH);
    expect(secret).toHaveLength(32);
    expect(32 * Math.log2(62)).toBeGreaterThan(128);
    expect(parseApiKey(key)).toEqual({ environment: "live", keyId, secret });
    expect(generateApiKey("test", keyId).key.startsWith(`lk_test_${keyId}_`)).toBe(true);
  });

  it("makes a different secret every time", () => {
    const keyId = generateKeyId();
    const secrets = new Set(Array.from({ length: 200 }, () => generateApiKey("test", keyId).secret));
    expect(secrets.size).toBe(200);
    expect(new Set(Array.from({ length: 200 }, generateKeyId)).size).toBe(200);
  });

  it("refuses a key with one character changed, through the checksum", () => {
    const { key } = generateApiKey("live", generateKeyId());
    let refused = 0;
    for (let index = 8; index < key.length; index++) {
      if (key[index] === "_") continue;
      const changed = key.slice(0, index) + (key[index] === "a" ? "b" : "a") + key.slice(index + 1);
      if (parseApiKey(changed) === null) refused++;
      else throw new Error(`accepted a key changed at ${index}`);
    }
    expect(refused).toBeGreaterThan(50);
  });

  it("refuses other prefixes, lengths and shapes without throwing", () => {
    const { key } = generateApiKey("test", generateKeyId());
    for (const candidate of [
      "",
      key.replace("lk_test_", "lk_prod_"),
      key.replace("lk_test_", "sk_test_"),
      key.slice(0, -1),
      key + "a",
      key.replace(/_/g, "-"),
      "x".repeat(10_000),
      `${key}\u0000`,
      key.toUpperCase(),
    ]) {
      expect(parseApiKey(candidate)).toBeNull();
    }
  });

  it("masks a key to its prefix, key id and last four characters", () => {
    expect(maskApiKey("live", "AbCdEfGhIjKlMnOp", "wxyz")).toBe("lk_live_AbCdEfGhIjKlMnOp_…wxyz");
  });
});

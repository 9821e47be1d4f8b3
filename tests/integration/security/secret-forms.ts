// The shapes a leaked secret could take in a database dump or a log: as typed, and its
// bytes in hex, base64 and base64url (and, for base32 secrets such as TOTP keys, the
// decoded key's bytes in those forms).

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Decode(value: string): Buffer {
  const bits = [...value.replace(/=+$/, "").toUpperCase()].map((character) => {
    const index = BASE32_ALPHABET.indexOf(character);
    if (index < 0) throw new Error(`not base32: ${value}`);
    return index.toString(2).padStart(5, "0");
  });
  const bytes = bits.join("").match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

function byteForms(bytes: Buffer): string[] {
  return [bytes.toString("hex"), bytes.toString("base64"), bytes.toString("base64url")];
}

/** Every form of `secret` worth searching for; `kind` says how its characters encode bytes. */
export function encodedForms(secret: string, kind: "text" | "base32" | "base64url" = "text"): string[] {
  const forms = [secret, ...byteForms(Buffer.from(secret, "utf8"))];
  if (kind === "base32") forms.push(secret.toLowerCase(), ...byteForms(base32Decode(secret)));
  if (kind === "base64url") forms.push(...byteForms(Buffer.from(secret, "base64url")));
  // Base64 may end in padding that a partial match would not include.
  return [...new Set(forms.map((form) => form.replace(/=+$/, "")))];
}

// The shape of an API key (docs/decisions/0017-api-keys.md):
//   lk_<environment>_<key id>_<secret><checksum>
// The prefix tells secret scanners (and people) what leaked and where; the key id is public;
// the secret carries 190 random bits; the checksum (CRC-32 of everything before it) lets
// Latchkey and scanners reject a mistyped or made-up key without reading the database.
import { randomInt } from "node:crypto";
import { crc32 } from "node:zlib";

export const API_KEY_ENVIRONMENTS = ["test", "live"] as const;
export type ApiKeyEnvironment = (typeof API_KEY_ENVIRONMENTS)[number];

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const KEY_ID_LENGTH = 16;
export const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

/** Longest well-formed key; anything longer is refused before any parsing. */
export const API_KEY_MAX_LENGTH = "lk_live_".length + KEY_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

const KEY_PATTERN = new RegExp(`^lk_(test|live)_([0-9A-Za-z]{${KEY_ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

function randomBase62(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

function checksum(body: string): string {
  let value = crc32(body);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function generateKeyId(): string {
  return randomBase62(KEY_ID_LENGTH);
}

/** A new secret for a key id: the whole key as the client will send it. */
export function generateApiKey(environment: ApiKeyEnvironment, keyId: string): { key: string; secret: string } {
  const secret = randomBase62(SECRET_LENGTH);
  const body = `lk_${environment}_${keyId}_${secret}`;
  return { key: body + checksum(body), secret };
}

export type ParsedApiKey = { environment: ApiKeyEnvironment; keyId: string; secret: string };

/** The parts of a well-formed key whose checksum matches, or null: no database read needed to refuse. */
export function parseApiKey(candidate: string): ParsedApiKey | null {
  if (candidate.length !== API_KEY_MAX_LENGTH && candidate.length !== API_KEY_MAX_LENGTH - 1) return null;
  const match = KEY_PATTERN.exec(candidate);
  if (!match) return null;
  const [, environment, keyId, secret, sum] = match;
  if (checksum(candidate.slice(0, candidate.length - CHECKSUM_LENGTH)) !== sum) return null;
  return { environment: environment as ApiKeyEnvironment, keyId, secret };
}

/** What the table shows: the prefix and key id, then the last four characters. */
export function maskApiKey(environment: string, keyId: string, lastFour: string): string {
  return `lk_${environment}_${keyId}_…${lastFour}`;
}

import "server-only";
import { hash, verify } from "@node-rs/argon2";

// @node-rs/argon2 exports Algorithm as a const enum; 2 is Argon2id.
const ARGON2ID = 2;

// OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longer input is refused before hashing so a huge password cannot tie up the CPU. */
export const PASSWORD_INPUT_MAX_BYTES = 1024;

// NFKC so that the same password typed on different keyboards (é vs e + accent) matches.
function normalize(password: string): string {
  return password.normalize("NFKC");
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2_OPTIONS);
}

// Verified when the account doesn't exist or has no password, so both answers take as long
// as a real check (no account oracle by timing).
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c8g+qGifReihmQi8Aq44zw$puYCSKF2pgXquqIgkW+9XKtaTu82TFwZsEqHewJHN/4";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (Buffer.byteLength(password) > PASSWORD_INPUT_MAX_BYTES) {
    await verify(DUMMY_HASH, "x").catch(() => false);
    return false;
  }
  const matches = await verify(passwordHash ?? DUMMY_HASH, normalize(password)).catch(() => false);
  return passwordHash !== null && matches;
}

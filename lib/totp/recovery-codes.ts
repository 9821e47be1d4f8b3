import "server-only";
import { randomInt } from "node:crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db, type Tx } from "@/lib/db/client";

export const RECOVERY_CODE_COUNT = 10;
/** At or below this many unused codes, the Security page warns. */
export const RECOVERY_CODES_LOW = 3;
// No 0/o, 1/l/i: codes are read off paper.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const GROUP_LENGTH = 5;

/** Ten codes like "k7mq2-x9hpt": 10 characters of a 31-symbol alphabet, about 50 bits each. */
export function generateRecoveryCodes(): string[] {
  const code = () => Array.from({ length: GROUP_LENGTH * 2 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = code();
    return `${raw.slice(0, GROUP_LENGTH)}-${raw.slice(GROUP_LENGTH)}`;
  });
}

/** Lower-case, without spaces or dashes, so "K7MQ2 X9HPT" works too. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, "");
  return compact.length === GROUP_LENGTH * 2 && [...compact].every((character) => ALPHABET.includes(character)) ? compact : null;
}

/**
 * Replaces every code of the user with a new set; returns the codes, the only time they
 * exist in clear. Codes carry under 112 bits, so each is stored as an argon2id hash.
 */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => hashPassword(normalizeRecoveryCode(code)!)));
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  return codes;
}

export async function countUnusedRecoveryCodes(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

/** The id of the user's unused code that matches the input, or null. Marks nothing. */
export async function findUnusedRecoveryCode(userId: string, input: string): Promise<string | null> {
  const code = normalizeRecoveryCode(input);
  const candidates = await db.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  if (!code) return null;
  for (const candidate of candidates) {
    if (await verifyPassword(candidate.codeHash, code)) return candidate.id;
  }
  return null;
}

/**
 * Marks a code used, inside the transaction that acts on it (sign-in opens its session in
 * the same one), so a code is never spent without its effect. Exactly one of two parallel
 * uses succeeds: the update only matches while the code is still unused.
 */
export async function markRecoveryCodeUsed(tx: Tx, codeId: string): Promise<boolean> {
  const { count } = await tx.recoveryCode.updateMany({ where: { id: codeId, usedAt: null }, data: { usedAt: new Date() } });
  return count === 1;
}

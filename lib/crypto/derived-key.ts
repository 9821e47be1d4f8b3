import "server-only";
import { hkdfSync } from "node:crypto";
import { getConfig } from "@/lib/config/env";

// Keys for one purpose each (API key digests, unsubscribe links), derived from ENCRYPTION_KEY
// with HKDF-SHA-256 under a label, so none of them is ENCRYPTION_KEY itself and a key used for
// one purpose tells nothing about another. Derived once per label, again if the key changes.
const derived = new Map<string, { source: string; key: Buffer }>();

/** The 32-byte key for `label` (e.g. "latchkey api key digest"). */
export function deriveKey(label: string): Buffer {
  const source = getConfig().ENCRYPTION_KEY;
  let entry = derived.get(label);
  if (entry?.source !== source) {
    entry = { source, key: Buffer.from(hkdfSync("sha256", Buffer.from(source, "base64"), Buffer.alloc(0), label, 32)) };
    derived.set(label, entry);
  }
  return entry.key;
}

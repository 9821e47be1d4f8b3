// Ids of rows as forms send them back (safe to import in client code).
import { z } from "zod";

/**
 * A row id from a form: what Latchkey's ids are made of (cuid, built-in role ids), nothing
 * else. Anything else is refused before it reaches a query: PostgreSQL rejects a NUL in text
 * with an error, which would be a 500 instead of "Choose a …".
 */
export function recordId(message: string) {
  return z
    .string({ error: message })
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, message);
}

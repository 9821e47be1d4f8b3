import "server-only";
import { AppError } from "@/lib/errors";

/**
 * Names of roles and companies are unique per organization whatever their case: "Billing" and
 * "billing" side by side would be told apart by nobody. The database's unique index (exact
 * case) backs the check for two creations racing.
 */
export function assertNameFree(existing: readonly { id: string; name: string }[], name: string, exceptId: string | null, message: string): void {
  const wanted = name.toLocaleLowerCase("en");
  if (existing.some((row) => row.id !== exceptId && row.name.toLocaleLowerCase("en") === wanted)) throw nameTaken(message);
}

export function nameTaken(message: string): AppError {
  return new AppError("CONFLICT", message, { name: [message] });
}

import "server-only";
import { AppError } from "@/lib/errors";
import { db, type Tx } from "./client";

/** Attempts of a Serializable transaction the database aborted for a concurrent conflict. */
const SERIALIZABLE_ATTEMPTS = 3;

/**
 * Runs `work` in a Serializable transaction, again when PostgreSQL aborted it because a
 * concurrent transaction conflicted (SQLSTATE 40001, Prisma P2034). The retry sees the other
 * transaction's commit, so its checks (the last Owner) answer as if the two had run one after
 * the other, and the loser gets their message instead of a database error.
 */
export async function serializableTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(work, { isolationLevel: "Serializable" });
    } catch (error) {
      if (!isSerializationFailure(error)) throw error;
      if (attempt >= SERIALIZABLE_ATTEMPTS) throw new AppError("CONFLICT");
    }
  }
}

// Prisma reports it as P2034 when a statement fails, and as the driver adapter's
// TransactionWriteConflict (SQLSTATE 40001 or 40P01) when the commit does.
function isSerializationFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if ("code" in error && error.code === "P2034") return true;
  const cause = "cause" in error ? (error.cause as { kind?: unknown; originalCode?: unknown } | undefined) : undefined;
  return cause?.kind === "TransactionWriteConflict" || cause?.originalCode === "40001" || cause?.originalCode === "40P01";
}

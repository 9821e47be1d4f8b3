import "server-only";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/errors";
import { markDatabaseUnavailable } from "@/lib/http/database-outage.mjs";

/**
 * The database could not be reached: the server is down or restarting, the network dropped,
 * every pooled connection stayed busy, the SQLite file is locked by another process or unreadable. Not a fault in the request,
 * so never answered as one (no "wrong password", no field error): pages show the outage page
 * (app/error.tsx reads the digest), scripts/server.mjs answers 503, the REST API a 503 problem.
 */
export class DatabaseUnavailableError extends Error {
  /** Next.js keeps a digest an error already has, so error.tsx can tell this failure apart. */
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;

  constructor(cause: unknown) {
    super("Latchkey can't reach its database", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

// Prisma: P1001 can't reach the server, P1002 timed out connecting, P1008 operation timed out
// (also SQLITE_BUSY), P1017 server closed the connection, P2024 no free connection in the pool,
// P2037 too many connections.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
// Node sockets (what pg reports) and PostgreSQL's SQLSTATEs: class 08 connection exceptions,
// 57P01-57P03 the server shutting down, restarting or not yet accepting connections, 53300
// too many connections.
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "57P01", "57P02", "57P03", "53300"]);
// Prisma's driver adapters describe connection failures by kind.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// better-sqlite3: locked past the busy timeout, the file missing, unreadable, moved or deleted
// while open, the disk full.
const SQLITE_CODE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|READONLY_DBMOVED|FULL|NOTADB)/;
// pg reports a connection lost mid-query, or a pool that cannot connect, by message only.
const CONNECTION_MESSAGE =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Can't reach database server|database system is (shutting down|starting up|in recovery mode|not yet accepting connections)|terminating connection due to administrator command|database is locked|unable to open database file|disk I\/O error/i;

function isConnectionFailure(value: Record<string, unknown>): boolean {
  const code = typeof value.code === "string" ? value.code : "";
  const message = typeof value.message === "string" ? value.message : "";
  // Every connection of the pool busy past the transaction's wait: the database is saturated.
  if (code === "P2028" && message.includes("Unable to start a transaction")) return true;
  if (PRISMA_CODES.has(code) || CONNECTION_CODES.has(code) || /^08/.test(code) || SQLITE_CODE.test(code)) return true;
  if (typeof value.kind === "string" && ADAPTER_KINDS.has(value.kind)) return true;
  if (typeof value.originalCode === "string" && (CONNECTION_CODES.has(value.originalCode) || SQLITE_CODE.test(value.originalCode))) return true;
  return CONNECTION_MESSAGE.test(message);
}

/**
 * The outage behind `error`, or null when it is anything else. Looks through the wrappers
 * errors arrive in: `cause` (Auth.js keeps what `authorize` threw as `cause.err`), and the
 * driver adapter's error inside Prisma's `meta`.
 */
export function databaseUnavailableErrorOf(error: unknown): DatabaseUnavailableError | null {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof DatabaseUnavailableError) return value;
    const record = value as Record<string, unknown>;
    if (isConnectionFailure(record)) return new DatabaseUnavailableError(error);
    const meta = record.meta as Record<string, unknown> | undefined;
    pending.push(record.cause, record.err, meta?.driverAdapterError, record.error);
  }
  return null;
}

/** `error` as a DatabaseUnavailableError when the database could not be reached, else unchanged; marks the request for a 503. */
export function asDatabaseUnavailable(error: unknown): unknown {
  const outage = databaseUnavailableErrorOf(error);
  if (!outage) return error;
  markDatabaseUnavailable();
  return outage;
}

/**
 * What `work` resolves to, or `fallback` when the database cannot be reached: for what a page
 * can do without (the root layout's theme), so that the outage page itself still renders.
 */
export async function unlessDatabaseUnavailable<T, F>(work: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await work;
  } catch (error) {
    if (databaseUnavailableErrorOf(error)) return fallback;
    throw error;
  }
}

const CLIENT_QUERY_METHODS = new Set(["$transaction", "$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe", "$connect"]);

/**
 * Every query of the client, and every transaction, fails with a DatabaseUnavailableError
 * when the database cannot be reached, whoever called it: one place to recognise an outage.
 * Queries inside an interactive transaction fail through the transaction itself.
 */
export function reportDatabaseOutages<Client extends object>(client: Client): Client {
  const guarded = (run: () => unknown) => {
    try {
      return Promise.resolve(run()).catch((error: unknown) => {
        throw asDatabaseUnavailable(error);
      });
    } catch (error) {
      return Promise.reject(asDatabaseUnavailable(error));
    }
  };
  const delegates = new Map<PropertyKey, object>();
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value === "function" && typeof property === "string" && CLIENT_QUERY_METHODS.has(property)) {
        return (...args: unknown[]) => guarded(() => value.apply(target, args));
      }
      // Model delegates (db.user, db.session…) are objects whose names don't start with "$".
      if (typeof property !== "string" || property.startsWith("$") || !value || typeof value !== "object") return value;
      let delegate = delegates.get(property);
      if (!delegate) {
        delegate = new Proxy(value, {
          get(model, method, modelReceiver) {
            const member: unknown = Reflect.get(model, method, modelReceiver);
            return typeof member === "function" ? (...args: unknown[]) => guarded(() => member.apply(model, args)) : member;
          },
        });
        delegates.set(property, delegate);
      }
      return delegate;
    },
  });
}

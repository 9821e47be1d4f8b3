import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A serialized client answers its count of waiting queries under this key. Kept on the client
 * itself: the client lives on globalThis, and a module loaded again later (each test file
 * loads its own) must still read the count of the one client there is.
 */
const WAITING_QUERIES = Symbol.for("latchkey.sqlite.waitingQueries");

/**
 * SQLite through better-sqlite3 is one connection. A query sent while another request's
 * interactive transaction is open would run inside that transaction: it would see its
 * uncommitted rows and be rolled back with it. So on SQLite every query outside a
 * transaction waits for any open transaction, and transactions take turns. Queries made
 * inside a transaction (the context below) never wait for themselves.
 */
export function serializeSqlite<Client extends object>(client: Client): Client {
  const insideTransaction = new AsyncLocalStorage<true>();
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    if (insideTransaction.getStore()) return work();
    waiting += 1;
    const start = () => {
      waiting -= 1;
      return work();
    };
    const run = queue.then(start, start);
    queue = run.catch(() => undefined);
    return run;
  };

  const wrapDelegate = (delegate: object) =>
    new Proxy(delegate, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => exclusive(() => Promise.resolve(value.apply(target, args)));
      },
    });

  const serialized = new Proxy(client, {
    get(target, property, receiver) {
      if (property === WAITING_QUERIES) return waiting;
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === "$transaction" && typeof value === "function") {
        return (...args: unknown[]) => exclusive(() => insideTransaction.run(true, () => retryWhenBusy(() => value.apply(target, args))));
      }
      if (typeof value === "function" && (property === "$queryRaw" || property === "$executeRaw" || property === "$queryRawUnsafe" || property === "$executeRawUnsafe")) {
        return (...args: unknown[]) => exclusive(() => Promise.resolve(value.apply(target, args)));
      }
      // Model delegates (db.user, db.session…) are objects whose names don't start with "$".
      if (typeof property === "string" && !property.startsWith("$") && value && typeof value === "object") return wrapDelegate(value);
      return value;
    },
  });
  return serialized;
}

/**
 * How many queries and transactions on a serialized client are waiting for their turn (0 for
 * any other client). Tests use it to know that a concurrent request has queued.
 */
export function countWaitingSqliteQueries(client: object): number {
  const count: unknown = Reflect.get(client, WAITING_QUERIES);
  return typeof count === "number" ? count : 0;
}

const BUSY = /SQLITE_BUSY|database is locked|Operation has timed out|busy/i;
const BUSY_RETRIES = 3;

/**
 * Another process holding the file (a backup, an operator's sqlite3 shell, a test) makes a
 * transaction that reads then writes fail at once with SQLITE_BUSY. It rolled back, so it is
 * safe to run again after a short pause.
 */
async function retryWhenBusy<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt > BUSY_RETRIES || !(error instanceof Error) || !BUSY.test(error.message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

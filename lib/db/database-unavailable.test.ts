import { describe, expect, test } from "vitest";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/errors";
import { databaseUnavailableErrorOf, DatabaseUnavailableError } from "./database-unavailable";

// The shapes below are what Prisma 6.19 with its driver adapters, pg and better-sqlite3 throw
// (seen in the fault tests, tests/integration/faults); the tests there prove the whole path.
const prismaError = (code: string, driverAdapterError?: object) =>
  Object.assign(new Error("Invalid `prisma.user.findUnique()` invocation"), { code, meta: { driverAdapterError } });

describe("databaseUnavailableErrorOf", () => {
  test.each([
    ["Prisma: can't reach the server", prismaError("P1001")],
    ["Prisma: the server closed the connection", prismaError("P1017")],
    ["the adapter's kind inside Prisma's error", prismaError("P2010", { cause: { kind: "DatabaseNotReachable" } })],
    ["a pg socket error", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["PostgreSQL shutting down (57P01)", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["a connection lost mid-query", new Error("Connection terminated unexpectedly")],
    ["no pooled connection free in time", Object.assign(prismaError("P2028"), { message: "Transaction API error: Unable to start a transaction in the given time." })],
    ["SQLite locked past its timeout", Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })],
    ["SQLite file unreadable", Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_READ" })],
    ["wrapped by Auth.js (cause.err)", Object.assign(new Error("CallbackRouteError"), { cause: { err: prismaError("P1001") } })],
  ])("recognises %s", (_name, error) => {
    const outage = databaseUnavailableErrorOf(error);
    expect(outage).toBeInstanceOf(DatabaseUnavailableError);
    expect(outage?.digest).toBe(DATABASE_UNAVAILABLE_DIGEST);
  });

  test.each([
    ["a unique constraint", prismaError("P2002")],
    ["a record not found", prismaError("P2025")],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["not an error", "P1001"],
  ])("leaves %s alone", (_name, error) => {
    expect(databaseUnavailableErrorOf(error)).toBeNull();
  });

  test("returns an outage already recognised as it is, and survives a cause that points back", () => {
    const outage = new DatabaseUnavailableError(prismaError("P1001"));
    expect(databaseUnavailableErrorOf(Object.assign(new Error("wrapper"), { cause: outage }))).toBe(outage);
    const loop: { message: string; cause?: unknown } = { message: "loop" };
    loop.cause = loop;
    expect(databaseUnavailableErrorOf(loop)).toBeNull();
  });
});

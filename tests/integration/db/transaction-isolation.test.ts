// Every security change commits with its log entry in one transaction (style guide,
// principle 4), and requests run concurrently. A request's writes must therefore be its
// own: neither visible to others before its transaction commits, nor undone when another
// request's transaction rolls back.
//
// On SQLite, Prisma has a single better-sqlite3 connection: a query issued outside a
// transaction while another request's transaction is open would run inside it, read its
// uncommitted rows and be rolled back with it. lib/db/sqlite-serialize.ts makes such
// queries wait for the transaction instead; this test guards that. On PostgreSQL each
// request has its own connection, and the second request runs beside the first.
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { countWaitingSqliteQueries } from "@/lib/db/sqlite-serialize";
import { uniqueEmail } from "../../fixtures/builders";

const onSqlite = process.env.DATABASE_URL!.startsWith("file:");

function mail(recipient: string) {
  return { recipient, subject: "isolation probe", textBody: "-", htmlBody: "-" };
}

/** Resolves once `condition` holds; fails after `timeoutMs` (never a fixed sleep). */
async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("transaction isolation between concurrent requests", () => {
  test("a write outside a transaction survives another request's rollback, and that transaction's rows stay invisible until then", async () => {
    const insideRecipient = uniqueEmail("inside");
    const outsideRecipient = uniqueEmail("outside");
    let markStarted!: () => void;
    let letItFail!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const failNow = new Promise<void>((resolve) => (letItFail = resolve));

    // Request 1: writes, then fails (a CONFLICT, a used link…), so its transaction rolls back.
    let request1Open = true;
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.outboxMessage.create({ data: mail(insideRecipient) });
        markStarted();
        await failNow;
        throw new Error("request 1 fails");
      })
      .catch((error: unknown) => error)
      .finally(() => (request1Open = false));
    await started;

    // Other work of the suite (a mail sent in the background by an earlier file) may be
    // queued too: request 2 is what comes on top of it.
    const queuedBefore = countWaitingSqliteQueries(db);
    // Request 2, meanwhile: a plain write, acknowledged, and a read.
    let request2FinishedWhileRequest1Open: boolean | undefined;
    const request2 = (async () => {
      await db.outboxMessage.create({ data: mail(outsideRecipient) });
      const seen = await db.outboxMessage.count({ where: { recipient: insideRecipient } });
      request2FinishedWhileRequest1Open = request1Open;
      return seen;
    })();

    // A failed wait must still end request 1's transaction: left open, it would hold the one
    // SQLite connection and stall every file after this one.
    try {
      if (onSqlite) {
        // It waits for request 1's transaction: its write is queued, and stays queued.
        await until(() => countWaitingSqliteQueries(db) > queuedBefore, "request 2's write is queued behind request 1's transaction");
        await new Promise((resolve) => setImmediate(resolve));
        expect(countWaitingSqliteQueries(db)).toBeGreaterThan(queuedBefore);
        expect(request2FinishedWhileRequest1Open).toBeUndefined();
      } else {
        // It runs beside request 1 on its own connection and finishes before request 1 ends.
        await until(() => request2FinishedWhileRequest1Open !== undefined, "request 2 finishes while request 1's transaction is open", 10_000);
      }
    } finally {
      letItFail();
    }
    expect(await rolledBack).toMatchObject({ message: "request 1 fails" });
    const seenByRequest2 = await request2;

    expect({
      request2FinishedWhileRequest1Open,
      request1RowSeenBeforeCommit: seenByRequest2,
      request1RowAfterRollback: await db.outboxMessage.count({ where: { recipient: insideRecipient } }),
      request2RowAfterRollback: await db.outboxMessage.count({ where: { recipient: outsideRecipient } }),
    }).toEqual({ request2FinishedWhileRequest1Open: !onSqlite, request1RowSeenBeforeCommit: 0, request1RowAfterRollback: 0, request2RowAfterRollback: 1 });
  });
});

// Every security change commits with its log entry in one transaction (style guide,
// principle 4), and requests run concurrently. A request's writes must therefore be its
// own: neither visible to others before its transaction commits, nor undone when another
// request's transaction rolls back.
//
// On SQLite, Prisma has a single better-sqlite3 connection: a query issued outside a
// transaction while another request's transaction is open would run inside it, read its
// uncommitted rows and be rolled back with it. lib/db/sqlite-serialize.ts makes such
// queries wait for the transaction instead; this test guards that.
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { uniqueEmail } from "../../fixtures/builders";


function mail(recipient: string) {
  return { recipient, subject: "isolation probe", textBody: "-", htmlBody: "-" };
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
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.outboxMessage.create({ data: mail(insideRecipient) });
        markStarted();
        await failNow;
        throw new Error("request 1 fails");
      })
      .catch((error: unknown) => error);
    await started;

    // Request 2, meanwhile: a plain write, acknowledged, and a read. (On SQLite it waits for
    // request 1's transaction to end; on PostgreSQL it runs beside it.)
    const request2 = (async () => {
      await db.outboxMessage.create({ data: mail(outsideRecipient) });
      return db.outboxMessage.count({ where: { recipient: insideRecipient } });
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    letItFail();
    expect(await rolledBack).toMatchObject({ message: "request 1 fails" });
    const seenByRequest2 = await request2;

    expect({
      request1RowSeenBeforeCommit: seenByRequest2,
      request1RowAfterRollback: await db.outboxMessage.count({ where: { recipient: insideRecipient } }),
      request2RowAfterRollback: await db.outboxMessage.count({ where: { recipient: outsideRecipient } }),
    }).toEqual({ request1RowSeenBeforeCommit: 0, request1RowAfterRollback: 0, request2RowAfterRollback: 1 });
  });
});

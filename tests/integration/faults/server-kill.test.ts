// Latchkey is killed (SIGKILL: no shutdown, no flush) during 200 concurrent sign-ups and
// password changes, then started again on the same database. Every change is all there, with
// its security log row, or not there at all, and the restarted server serves. Runs on the
// suite's database kind: a SQLite file of its own, or a PostgreSQL database of its own beside
// the suite's.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { uniqueEmail } from "../../fixtures/builders";
import { databaseClient } from "../../setup/database-client";
import { startLatchkeyServer, type LatchkeyServer } from "../../setup/latchkey-server";
import { resetDatabase } from "../../setup/reset-database.mjs";
import type { ActionAnswer } from "../../setup/server-actions";
import { separateTestDatabaseUrl } from "../../setup/test-database-url.mjs";
import { changePassword, createSignedInPeople, PASSWORD, signIn, signUp } from "./fault-client";

const CHANGES_OF_EACH_KIND = 100;
const CHANGES_BEFORE_THE_KILL = 10;
const NEW_PASSWORD = "Another-Horse-Battery-77";

const databaseUrl = separateTestDatabaseUrl("server_kill");
let server: LatchkeyServer | undefined;

beforeAll(async () => {
  await resetDatabase(databaseUrl);
  server = await startLatchkeyServer(databaseUrl);
});

afterAll(async () => {
  await server?.stop();
});

const done = (answer: ActionAnswer | Error) => !(answer instanceof Error) && answer.status === 200 && !answer.body.includes('"ok":false');

describe("kill -9 during 200 concurrent sign-ups and password changes", () => {
  test("every change is complete with its log row, or absent, and the restarted server serves", async () => {
    const origin = server!.origin;
    const check = databaseClient(databaseUrl);
    try {
      const people = await createSignedInPeople(check, CHANGES_OF_EACH_KIND);
      const before = new Map(
        (await check.user.findMany({ where: { email: { in: people.map((person) => person.email) } }, select: { email: true, passwordHash: true } })).map((user) => [
          user.email,
          user.passwordHash,
        ]),
      );

      // 200 requests at once; the server is killed once some changes were answered as made.
      const newEmails = Array.from({ length: CHANGES_OF_EACH_KIND }, () => uniqueEmail("killed-signup"));
      let succeeded = 0;
      let killed: Promise<void> | undefined;
      const settle = (request: Promise<ActionAnswer>) =>
        request
          .catch((error: Error) => error)
          .then((answer) => {
            if (done(answer)) succeeded += 1;
            if (succeeded === CHANGES_BEFORE_THE_KILL && !killed) killed = server!.stop("SIGKILL");
            return answer;
          });
      const signUps = newEmails.map((email) => settle(signUp(origin, email)));
      const changes = people.map((person) => settle(changePassword(origin, person, NEW_PASSWORD)));
      const [signUpAnswers, changeAnswers] = await Promise.all([Promise.all(signUps), Promise.all(changes)]);
      await killed;
      // The kill cut requests off: the test proves nothing if every one had finished. Answers
      // other than success are 503s (an overloaded pool), never 500s.
      const answers = [...signUpAnswers, ...changeAnswers];
      expect(answers.filter((answer) => answer instanceof Error).length).toBeGreaterThan(0);
      expect(
        answers
          .filter((answer) => !(answer instanceof Error) && !done(answer) && answer.status !== 503)
          .map((answer) => `${(answer as ActionAnswer).status} ${(answer as ActionAnswer).body.slice(0, 200)}`),
      ).toEqual([]);

      server = await startLatchkeyServer(databaseUrl);

      // Sign-ups: the account, its organization and membership, and its log row, or nothing.
      const accounts = await check.user.findMany({
        where: { email: { in: newEmails } },
        select: { id: true, email: true, memberships: { select: { role: true } } },
      });
      const signUpLogs = await check.auditEvent.findMany({ where: { action: "user.signed_up", userId: { in: accounts.map((account) => account.id) } }, select: { userId: true } });
      for (const account of accounts) {
        expect(account.memberships, account.email).toEqual([{ role: "owner" }]);
        expect(
          signUpLogs.filter((log) => log.userId === account.id),
          account.email,
        ).toHaveLength(1);
      }
      const created = new Set(accounts.map((account) => account.email));
      newEmails.forEach((email, index) => {
        if (done(signUpAnswers[index]!)) expect(created.has(email), `${email} was answered as signed up`).toBe(true);
      });

      // Password changes: a new hash and its log row, or the old hash and no row.
      const after = await check.user.findMany({ where: { email: { in: people.map((person) => person.email) } }, select: { id: true, email: true, passwordHash: true } });
      const changeLogs = await check.auditEvent.findMany({ where: { action: "user.password_changed", userId: { in: after.map((user) => user.id) } }, select: { userId: true } });
      let changed = 0;
      for (const user of after) {
        const isChanged = user.passwordHash !== before.get(user.email);
        if (isChanged) changed += 1;
        expect(
          changeLogs.filter((log) => log.userId === user.id),
          user.email,
        ).toHaveLength(isChanged ? 1 : 0);
        const index = people.findIndex((person) => person.email === user.email);
        if (done(changeAnswers[index]!)) expect(isChanged, `${user.email} was answered as changed`).toBe(true);
      }
      expect(changed + created.size).toBeGreaterThanOrEqual(CHANGES_BEFORE_THE_KILL);

      // The restarted server signs people in with whichever password their account has now.
      const someone = after.find((user) => user.passwordHash !== before.get(user.email)) ?? after[0]!;
      const password = someone.passwordHash !== before.get(someone.email) ? NEW_PASSWORD : PASSWORD;
      const signedIn = await signIn(server.origin, someone.email, password);
      expect(signedIn.status, signedIn.body).toBe(200);
      expect(signedIn.redirect, signedIn.body).toBeTruthy();
    } finally {
      await check.$disconnect();
    }
  });
});

// PostgreSQL stops while people sign in and save their profile, then starts again. While it is
// away every answer is a 503 with Retry-After (pages: the outage page; the REST API: a problem),
// never a 500 and never "wrong password"; nothing is half written; once it is back the same
// server process serves normally. The cluster is the test's own (tests/setup/throwaway-postgres.ts).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateApiKey, generateKeyId } from "@/lib/api-keys/key-format";
import { migrate } from "../../../scripts/db/migrate.mjs";
import { databaseClient } from "../../setup/database-client";
import { startLatchkeyServer, type LatchkeyServer } from "../../setup/latchkey-server";
import type { ActionAnswer } from "../../setup/server-actions";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../../setup/throwaway-postgres";
import { saveProfile, signIn, signUp, type Person } from "./fault-client";

const SIGN_IN_REFUSED = "Email or password is incorrect.";
const OUTAGE_TITLE = "<h1>Latchkey can't reach its database</h1>";
const WAIT_LIMIT_MS = 30_000;

let cluster: ThrowawayPostgres | undefined;
let server: LatchkeyServer | undefined;
let databaseUrl: string;

beforeAll(async () => {
  cluster = await startThrowawayPostgres();
  cluster.createDatabase("latchkey");
  databaseUrl = cluster.url("latchkey");
  migrate(databaseUrl, { quiet: true });
  server = await startLatchkeyServer(databaseUrl);
});

afterAll(async () => {
  await server?.stop();
  cluster?.destroy();
});

type Sent = { kind: "sign-in" | "profile"; lastName?: string; answer: ActionAnswer | Error };

/** Sign-ins and profile saves one after another until stopped; every answer is kept. */
function startStream(origin: string, person: Person) {
  const sent: Sent[] = [];
  let running = true;
  const done = (async () => {
    for (let round = 0; running; round += 1) {
      const lastName = `Round${round}`;
      sent.push({ kind: "sign-in", answer: await signIn(origin, person.email, person.password).catch((error: Error) => error) });
      sent.push({ kind: "profile", lastName, answer: await saveProfile(origin, person, lastName).catch((error: Error) => error) });
    }
  })();
  return {
    sent,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > WAIT_LIMIT_MS) throw new Error(`Waited ${WAIT_LIMIT_MS / 1000} s for ${what}:\n${server?.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const succeeded = (entry: Sent) => !(entry.answer instanceof Error) && entry.answer.status === 200 && !entry.answer.body.includes('"ok":false');
const unavailable = (entry: Sent) => !(entry.answer instanceof Error) && entry.answer.status === 503;

describe("PostgreSQL stops and starts again under a stream of sign-ins and profile saves", () => {
  test("503s while it is away, nothing half written, and the same server recovers", async () => {
    const origin = server!.origin;
    const { person, ...signedUp } = await signUp(origin);
    expect(signedUp.status, signedUp.body).toBe(200);
    expect(signedUp.redirect, `${JSON.stringify(signedUp.setCookie)} ${signedUp.body}`).toBeTruthy();
    const fakeKey = generateApiKey("live", generateKeyId()).key;

    const stream = startStream(origin, person);
    await waitFor("answers before the stop", () => stream.sent.filter(succeeded).length >= 4);

    cluster!.stop();
    const stoppedAt = stream.sent.length;
    await waitFor("503s while PostgreSQL is stopped", () => stream.sent.slice(stoppedAt).filter(unavailable).length >= 6);

    // A page: the outage page with its status; the REST API: a problem with its status.
    const page = await fetch(`${origin}/settings/profile`, { headers: { cookie: person.cookie, accept: "text/html" } });
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("10");
    const html = await page.text();
    expect(html).toContain(OUTAGE_TITLE);
    expect(html).not.toContain("PrismaClient");
    const api = await fetch(`${origin}/api/v1/me`, { headers: { authorization: `Bearer ${fakeKey}`, "x-forwarded-for": "2001:db8:fa::1" } });
    expect(api.status).toBe(503);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect(api.headers.get("retry-after")).toBe("10");
    expect(await api.json()).toMatchObject({ status: 503, type: "/api/docs#problem-database-unavailable" });

    cluster!.start();
    const startedAt = stream.sent.length;
    await waitFor("successful answers after PostgreSQL is back", () => stream.sent.slice(startedAt).filter(succeeded).length >= 4);
    await stream.stop();

    // Every answer was a success or a 503 with Retry-After: no 500, no dropped connection, and
    // a sign-in never read as a wrong password.
    const unexpected = stream.sent.filter((entry) => !succeeded(entry) && !(unavailable(entry) && (entry.answer as ActionAnswer).retryAfter === "10"));
    expect(unexpected.map(({ kind, answer }) => `${kind}: ${answer instanceof Error ? answer.message : `${answer.status} ${answer.body.slice(0, 300)}`}`)).toEqual([]);
    expect(stream.sent.filter((entry) => !(entry.answer instanceof Error) && entry.answer.body.includes(SIGN_IN_REFUSED))).toEqual([]);
    const outage = stream.sent.filter(unavailable);
    expect(outage.length).toBeGreaterThanOrEqual(6);
    expect(outage.every((entry) => (entry.answer as ActionAnswer).body.includes("LATCHKEY_DATABASE_UNAVAILABLE"))).toBe(true);

    // Each saved profile wrote its log row in the same transaction: at least one row per save
    // answered as done, at most one per save tried (a save can commit and lose its answer).
    const saves = stream.sent.filter((entry) => entry.kind === "profile");
    const check = databaseClient(databaseUrl);
    try {
      const user = await check.user.findUniqueOrThrow({ where: { email: person.email }, select: { id: true, lastName: true } });
      const logged = await check.auditEvent.count({ where: { userId: user.id, action: "user.profile_updated" } });
      expect(logged).toBeGreaterThanOrEqual(saves.filter(succeeded).length);
      expect(logged).toBeLessThanOrEqual(saves.length);
      expect(saves.map((entry) => entry.lastName)).toContain(user.lastName);
    } finally {
      await check.$disconnect();
    }
  });
});

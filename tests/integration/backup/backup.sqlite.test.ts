// npm run backup while Latchkey serves sign-ups on SQLite gives a consistent copy; npm run
// restore refuses while Latchkey runs, and once it is stopped puts the copy back, which the
// next start serves. The scripts run as an operator runs them, as child processes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { uniqueEmail } from "../../fixtures/builders";
import { startLatchkeyServer, type LatchkeyServer } from "../../setup/latchkey-server";
import { resetDatabase } from "../../setup/reset-database.mjs";
import { integrationDatabaseUrl } from "../../setup/test-database-url.mjs";
import { PASSWORD, signIn, signUp } from "../faults/fault-client";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const databaseFile = integrationDatabaseUrl().slice("file:".length).replace(/\.db$/, "-backup.db");
const databaseUrl = `file:${databaseFile}`;
const backupDir = mkdtempSync(path.join(tmpdir(), "latchkey-backups-"));
let server: LatchkeyServer | undefined;

function npmScript(script: "backup" | "restore", args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "db", `${script}.mjs`), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl, BACKUP_DIR: backupDir, ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function rowsOf(file: string) {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      check: copy.pragma("quick_check", { simple: true }),
      users: copy.prepare("SELECT id, email FROM User").all() as { id: string; email: string }[],
      signUpLogs: copy.prepare("SELECT userId FROM AuditEvent WHERE action = 'user.signed_up'").all() as { userId: string }[],
    };
  } finally {
    copy.close();
  }
}

beforeAll(async () => {
  await resetDatabase(databaseUrl);
  server = await startLatchkeyServer(databaseUrl);
});

afterAll(async () => {
  await server?.stop();
  rmSync(backupDir, { recursive: true, force: true });
});

describe("backup and restore of the SQLite database", () => {
  test("a backup taken during sign-ups is consistent; restore refuses while Latchkey runs, then brings the backup back", async () => {
    const origin = server!.origin;
    const before = await signUp(origin);
    expect(before.status, before.body).toBe(200);

    // Sign-ups keep coming while the backup is taken.
    let writing = true;
    const during: string[] = [];
    const writes = (async () => {
      while (writing) {
        const email = uniqueEmail("during-backup");
        if ((await signUp(origin, email)).status === 200) during.push(email);
      }
    })();
    while (during.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    const backup = npmScript("backup", []);
    writing = false;
    await writes;
    expect(backup.status, backup.output).toBe(0);
    const [file] = readdirSync(backupDir);
    expect(readdirSync(backupDir)).toHaveLength(1);
    expect(file).toMatch(/^latchkey-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db$/);
    expect(backup.output).toContain("ENCRYPTION_KEY");

    // The copy opens, is intact, and every account in it has its sign-up log row.
    const copied = rowsOf(path.join(backupDir, file!));
    expect(copied.check).toBe("ok");
    const emails = copied.users.map((user) => user.email);
    expect(emails).toContain(before.person.email);
    expect(emails).toContain(during[0]);
    expect(copied.signUpLogs.map((log) => log.userId).sort()).toEqual(copied.users.map((user) => user.id).sort());

    // After the backup: an account the backup does not have.
    const after = await signUp(origin);
    expect(after.status, after.body).toBe(200);

    const refused = npmScript("restore", [path.join(backupDir, file!)]);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain("Latchkey is running");
    expect(rowsOf(databaseFile).users.map((user) => user.email)).toContain(after.person.email);

    await server!.stop();
    const restored = npmScript("restore", [path.join(backupDir, file!)]);
    expect(restored.status, restored.output).toBe(0);
    expect(restored.output).toContain("latchkey-before-restore-");

    server = await startLatchkeyServer(databaseUrl);
    const known = await signIn(server.origin, before.person.email, PASSWORD);
    expect(known.redirect, known.body).toBeTruthy();
    const lost = await signIn(server.origin, after.person.email, PASSWORD);
    expect(lost.redirect).toBeNull();
    expect(lost.body).toContain("Email or password is incorrect.");
  });

  test("on PostgreSQL, backup and restore point to pg_dump and pg_restore", () => {
    const env = { DATABASE_URL: "postgresql://latchkey@127.0.0.1:1/latchkey" };
    const backup = npmScript("backup", [], env);
    expect(backup.status).toBe(1);
    expect(backup.output).toContain("pg_dump");
    const restore = npmScript("restore", ["x.dump"], env);
    expect(restore.status).toBe(1);
    expect(restore.output).toContain("pg_restore");
  });
});

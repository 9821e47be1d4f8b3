import { describe, expect, test } from "vitest";
import { migrationsCheck, shippedMigrations } from "./readiness.mjs";

const applied = (name: string) => ({ migration_name: name, finished_at: new Date(), rolled_back_at: null });

describe("whether the database's migrations are current", () => {
  const shipped = shippedMigrations("sqlite");

  test("the shipped migrations are the folders scripts/db/migrate.mjs applies, the same for both providers", () => {
    expect(shipped.length).toBeGreaterThan(0);
    expect(shippedMigrations("postgresql")).toEqual(shipped);
  });

  test("every shipped migration applied: ready, even with newer ones applied by a newer version", () => {
    expect(migrationsCheck([...shipped.map(applied), applied("29991231000000_from_a_newer_version")], shipped)).toEqual({ ok: true });
  });

  test("one missing, none at all, rolled back or failed: not ready, saying which", () => {
    const last = shipped.at(-1)!;
    expect(migrationsCheck(shipped.slice(0, -1).map(applied), shipped)).toEqual({ ok: false, problem: "migrations not applied: run npm run db:migrate", pending: [last] });
    expect(migrationsCheck(null, shipped)).toMatchObject({ ok: false, pending: shipped });
    expect(migrationsCheck([...shipped.slice(0, -1).map(applied), { migration_name: last, finished_at: null, rolled_back_at: new Date() }], shipped)).toMatchObject({
      pending: [last],
    });
    expect(migrationsCheck([...shipped.slice(0, -1).map(applied), { migration_name: last, finished_at: null, rolled_back_at: null }], shipped)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("a migration failed"),
    });
  });
});

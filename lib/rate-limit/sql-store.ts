import "server-only";
import { RateLimiterPrisma, type IRateLimiterStoreOptions } from "rate-limiter-flexible";
import { db } from "@/lib/db/client";

type Counter = { points: number | bigint; expire: Date | null };

/**
 * rate-limiter-flexible's database store, with each step one plain statement (decision 0031):
 * counting an attempt is one upsert instead of a delete and an upsert through Prisma, and a
 * sign-in counts two limits and forgets one. Same table, same meaning: an expired window
 * starts again, any other is incremented in the database, so concurrent calls all count.
 */
export class SqlRateLimiterStore extends RateLimiterPrisma {
  constructor(options: Omit<IRateLimiterStoreOptions, "storeClient" | "tableName">) {
    // The parent looks the model up by its client accessor (its periodic sweep of old rows).
    super({ ...options, storeClient: db, tableName: "rateLimiterFlexible", clearExpiredByTimeout: true });
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<{ points: number; expire: Date | null }> {
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null;
    const [row] = forceExpire
      ? await db.$queryRaw<Counter[]>`
          INSERT INTO "RateLimiterFlexible" ("key", "points", "expire", "createdAt", "updatedAt") VALUES (${key}, ${points}, ${expire}, ${now}, ${now})
          ON CONFLICT ("key") DO UPDATE SET "points" = excluded."points", "expire" = excluded."expire", "updatedAt" = excluded."updatedAt"
          RETURNING "points", "expire"`
      : await db.$queryRaw<Counter[]>`
          INSERT INTO "RateLimiterFlexible" ("key", "points", "expire", "createdAt", "updatedAt") VALUES (${key}, ${points}, ${expire}, ${now}, ${now})
          ON CONFLICT ("key") DO UPDATE SET
            "points" = CASE WHEN "RateLimiterFlexible"."expire" <= ${now} THEN excluded."points" ELSE "RateLimiterFlexible"."points" + excluded."points" END,
            "expire" = CASE WHEN "RateLimiterFlexible"."expire" <= ${now} THEN excluded."expire" ELSE "RateLimiterFlexible"."expire" END,
            "updatedAt" = excluded."updatedAt"
          RETURNING "points", "expire"`;
    return { points: Number(row!.points), expire: row!.expire };
  }

  async _get(key: string): Promise<{ points: number; expire: Date | null } | null> {
    const [row] = await db.$queryRaw<Counter[]>`
      SELECT "points", "expire" FROM "RateLimiterFlexible" WHERE "key" = ${key} AND ("expire" > ${new Date()} OR "expire" IS NULL)`;
    return row ? { points: Number(row.points), expire: row.expire } : null;
  }

  async _delete(key: string): Promise<boolean> {
    return (await db.$executeRaw`DELETE FROM "RateLimiterFlexible" WHERE "key" = ${key}`) > 0;
  }
}

// Prisma CLI configuration: the JavaScript schema engine with a driver adapter, so no
// native engine binary is ever downloaded. The provider follows DATABASE_URL.
import path from "node:path";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? `file:${path.join(process.cwd(), "data", "latchkey.db")}`;
const provider = url.startsWith("file:") ? "sqlite" : "postgresql";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  async adapter() {
    if (provider === "sqlite") {
      const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
      return new PrismaBetterSqlite3({ url });
    }
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new PrismaPg({ connectionString: url });
  },
});

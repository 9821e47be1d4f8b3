// Generates one Prisma client per provider (lib/db/generated/{sqlite,postgresql}).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { PLACEHOLDER_URLS, PROVIDERS, ROOT, prismaBin, schemaPath } from "./providers.mjs";

for (const provider of PROVIDERS) {
  if (!existsSync(schemaPath(provider))) continue;
  execFileSync(prismaBin(), ["generate", "--schema", schemaPath(provider)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: PLACEHOLDER_URLS[provider], PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

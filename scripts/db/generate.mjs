// Generates one Prisma client per provider (lib/db/generated/{sqlite,postgresql}) with Prisma 7's
// generator, whose client caches query plans (decision 0032). Prisma 7 takes no `url` in the
// schema and has a configuration of its own, so each schema is generated from a copy without
// them; its CLI wants a schema engine only to check it is there, never to generate.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROVIDERS, ROOT, generatorCli, schemaPath } from "./providers.mjs";

const workDir = mkdtempSync(path.join(os.tmpdir(), "latchkey-generate-"));
try {
  for (const provider of PROVIDERS) {
    if (!existsSync(schemaPath(provider))) continue;
    const schema = path.join(workDir, `${provider}.prisma`);
    const output = path.join(ROOT, "lib", "db", "generated", provider);
    writeFileSync(
      schema,
      readFileSync(schemaPath(provider), "utf8")
        .replace(/^\s*url\s*=.*$/m, "")
        .replace(/^\s*engineType\s*=.*$/m, "")
        .replace(/^(\s*output\s*=\s*).*$/m, `$1${JSON.stringify(output)}`),
    );
    const config = path.join(workDir, `${provider}.config.mjs`);
    writeFileSync(config, `export default { schema: ${JSON.stringify(schema)} };\n`);
    execFileSync(process.execPath, [generatorCli(), "generate", "--config", config], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

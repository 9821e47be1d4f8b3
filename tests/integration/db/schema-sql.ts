import { execFileSync } from "node:child_process";
import { migrateCli, schemaPath } from "../../../scripts/db/providers.mjs";

/** The SQL that creates the provider's schema from nothing, straight from the schema file. */
export function schemaSqlFromEmpty(provider: string, url: string): string {
  return execFileSync(process.execPath, [migrateCli(), "migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaPath(provider), "--script"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
  });
}

// `npm run dev` bundles the REST API again after each change to a file it is made of
// (scripts/build-rest-api.mjs, watchRestApi), and scripts/server.mjs loads the new bundle.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { watchRestApi } from "@/scripts/build-rest-api.mjs";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Waits, polling, until `done()`; fails after 10 s. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("a change to a file the bundle is made of builds it again, and loading it afresh serves the change", async () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), "latchkey-dev-reload-"));
  directories.push(directory);
  const answer = path.join(directory, "answer.ts");
  const entryPoint = path.join(directory, "handler.ts");
  const outfile = path.join(directory, "bundle.cjs");
  writeFileSync(answer, 'export const answer: string = "first";\n');
  writeFileSync(entryPoint, 'import { answer } from "./answer";\nexport function handleRestApiRequest(): string {\n  return answer;\n}\n');

  const require = createRequire(import.meta.url);
  const load = () => {
    delete require.cache[outfile];
    return (require(outfile) as { handleRestApiRequest: () => string }).handleRestApiRequest();
  };
  // As scripts/server.mjs does: the bundle is loaded afresh after each build.
  const served: string[] = [];
  const watcher = await watchRestApi({ outfile, entryPoint, onBuilt: () => served.push(load()) });
  try {
    expect(served[0]).toBe("first");

    // A module the entry imports, as lib/ is to rest-api/handler.ts.
    writeFileSync(answer, 'export const answer: string = "second";\n');
    // esbuild may also build once more for the files written just before it began watching.
    await until(() => served.includes("second"), "a build with the change");
    expect(served.at(-1)).toBe("second");
  } finally {
    await watcher.dispose();
  }
});

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

/** A bundle in a directory of its own, made of handler.ts and the answer.ts it imports; `load` as scripts/server.mjs loads it. */
function bundleSources(firstAnswer: string) {
  const directory = mkdtempSync(path.join(os.tmpdir(), "latchkey-dev-reload-"));
  directories.push(directory);
  const answer = path.join(directory, "answer.ts");
  const entryPoint = path.join(directory, "handler.ts");
  const outfile = path.join(directory, "bundle.cjs");
  writeFileSync(answer, firstAnswer);
  writeFileSync(entryPoint, 'import { answer } from "./answer";\nexport function handleRestApiRequest(): string {\n  return answer;\n}\n');
  const require = createRequire(import.meta.url);
  let handler: (() => string) | undefined;
  const load = () => {
    delete require.cache[outfile];
    ({ handleRestApiRequest: handler } = require(outfile) as { handleRestApiRequest: () => string });
  };
  return { answer, entryPoint, outfile, load, serve: () => handler!() };
}

test("a change to a file the bundle is made of builds it again, and loading it afresh serves the change", async () => {
  const sources = bundleSources('export const answer: string = "first";\n');
  // As scripts/server.mjs does: the bundle is loaded afresh after each build.
  const served: string[] = [];
  const failures: string[] = [];
  const watcher = await watchRestApi({
    outfile: sources.outfile,
    entryPoint: sources.entryPoint,
    onBuilt: () => {
      sources.load();
      served.push(sources.serve());
    },
    onFailed: (problem) => failures.push(problem),
  });
  try {
    expect(served[0]).toBe("first");

    // A module the entry imports, as lib/ is to rest-api/handler.ts.
    writeFileSync(sources.answer, 'export const answer: string = "second";\n');
    // esbuild may also build once more for the files written just before it began watching.
    await until(() => served.includes("second"), "a build with the change");
    expect(served.at(-1)).toBe("second");
    expect(failures).toEqual([]);
  } finally {
    await watcher.dispose();
  }
});

test("a change that does not build, or whose bundle throws when loaded, is told, and the bundle loaded before goes on serving until the fix", async () => {
  const sources = bundleSources('export const answer: string = "working";\n');
  const failures: string[] = [];
  const watcher = await watchRestApi({ outfile: sources.outfile, entryPoint: sources.entryPoint, onBuilt: sources.load, onFailed: (problem) => failures.push(problem) });
  try {
    expect(sources.serve()).toBe("working");

    writeFileSync(sources.answer, 'export const answer: string = "unfinished;\n');
    await until(() => failures.length === 1, "the failed build");
    expect(failures[0]).toMatch(/^the build failed: Unterminated string literal/);
    expect(sources.serve()).toBe("working");

    writeFileSync(sources.answer, 'throw new Error("no database configured");\nexport const answer: string = "never";\n');
    await until(() => failures.length === 2, "the failed load");
    expect(failures[1]).toBe("the new bundle failed to load: no database configured");
    expect(sources.serve()).toBe("working");

    writeFileSync(sources.answer, 'export const answer: string = "fixed";\n');
    await until(() => sources.serve() === "fixed", "the fix served");
    expect(failures).toHaveLength(2);
  } finally {
    await watcher.dispose();
  }
});

// Playwright runs the specs in plain Node, outside Next.js, and the builders use lib/ so that
// every stored format (password hashes, ciphertexts, recovery codes, sealed cookies) has one
// definition. Two of lib's imports only work inside Next.js's server bundle; this hook, which
// playwright.config.ts registers in the runner and in every worker, makes them load in Node:
// - "server-only" throws outside a React Server bundle: it resolves to an empty module here,
//   as in the Vitest suites (vitest.config.ts). The guard is Next.js's job.
// - lib/db/generated/*/client.ts sets __dirname from `import.meta.url`, which cannot run in the
//   CommonJS Playwright compiles TypeScript to. Its one export lib/db/client.ts uses,
//   PrismaClient, is built from the generated class module instead (as support/db.ts does).
import Module from "node:module";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const EMPTY_MODULE = path.join(ROOT, "tests", "setup", "empty-module.ts");

type ResolveFilename = (request: string, parent: unknown, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename; _cache: Record<string, Module> };

// A getter cannot await an import(): the class module is loaded synchronously, on first use.
const loadSynchronously = Module.createRequire(__filename);

const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request, parent, ...rest) {
  if (request === "server-only") return EMPTY_MODULE;
  return resolveFilename.call(this, request, parent, ...rest);
};

for (const provider of ["sqlite", "postgresql"]) {
  const directory = path.join(ROOT, "lib", "db", "generated", provider);
  const filename = path.join(directory, "client.ts");
  const generated = new Module(filename);
  generated.filename = filename;
  generated.loaded = true;
  let PrismaClient: unknown;
  generated.exports = {
    // Built on first use: most specs never open lib/db/client.ts's client.
    get PrismaClient() {
      PrismaClient ??= (loadSynchronously(path.join(directory, "internal", "class.ts")) as typeof import("../../../lib/db/generated/sqlite/internal/class")).getPrismaClientClass();
      return PrismaClient;
    },
  };
  loader._cache[filename] = generated;
}

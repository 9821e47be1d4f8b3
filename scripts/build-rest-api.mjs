// Bundles the REST API (rest-api/handler.ts) into the Next.js build directory, for
// scripts/server.mjs to load (docs/decisions/0019-rest-api-server.md). Packages stay in
// node_modules; "server-only" is Next.js's guard and means nothing outside its bundles.
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, context } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
export const REST_API_BUNDLE = "latchkey-rest-api.cjs";

/** Where the bundle goes: beside the Next.js build it runs with. */
export function restApiBundlePath(distDir = process.env.NEXT_DIST_DIR || ".next") {
  return path.join(ROOT, distDir, REST_API_BUNDLE);
}

/** "server-only" throws outside Next.js's server bundles; here every module is server code. */
const serverOnlyIsEmpty = {
  name: "server-only-is-empty",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty-module" }));
    build.onLoad({ filter: /.*/, namespace: "empty-module" }, () => ({ contents: "", loader: "js" }));
  },
};

const ENTRY_POINT = path.join(ROOT, "rest-api", "handler.ts");

function buildOptions({ outfile, dev, entryPoint = ENTRY_POINT }) {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    // CommonJS: lib/ reaches next-auth and next/*, whose subpaths only `require` resolves.
    format: "cjs",
    packages: "external",
    plugins: [serverOnlyIsEmpty],
    tsconfig: path.join(ROOT, "tsconfig.json"),
    sourcemap: dev ? "inline" : false,
    minify: false,
    logLevel: "warning",
    // The generated Prisma clients read import.meta.url, which CommonJS does not have.
    banner: { js: 'const __latchkeyImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { "import.meta.url": "__latchkeyImportMetaUrl", "process.env.NODE_ENV": JSON.stringify(dev ? "development" : "production") },
  };
}

export async function buildRestApi({ outfile = restApiBundlePath(), dev = false } = {}) {
  await build(buildOptions({ outfile, dev }));
  return outfile;
}

/**
 * `npm run dev`: bundles the REST API, then again whenever a file it is made of changes
 * (rest-api/, lib/, …), calling `onBuilt` after each build that succeeded, the first included.
 * A build that fails, or an `onBuilt` that throws (the new bundle failed to load), calls
 * `onFailed` with what went wrong instead, and the bundle loaded before stays the one in use.
 * `entryPoint` is for tests. Returns esbuild's context: `dispose()` stops watching.
 * @param {{ outfile?: string, onBuilt: () => void, onFailed: (problem: string) => void, entryPoint?: string }} options
 */
export async function watchRestApi({ outfile = restApiBundlePath(), onBuilt, onFailed, entryPoint }) {
  const options = buildOptions({ outfile, dev: true, entryPoint });
  // The bundle is written here, whole, under its name only once complete: a server loading it
  // as esbuild wrote it could read half a file.
  const reload = {
    name: "reload-after-build",
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0) {
          onFailed(`the build failed: ${result.errors.map((error) => error.text).join("; ")}`);
          return;
        }
        for (const file of result.outputFiles) {
          writeFileSync(`${file.path}.partial`, file.contents);
          renameSync(`${file.path}.partial`, file.path);
        }
        try {
          onBuilt();
        } catch (error) {
          onFailed(`the new bundle failed to load: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    },
  };
  const watcher = await context({ ...options, write: false, plugins: [...options.plugins, reload] });
  await watcher.rebuild().catch(() => {
    // Told to onFailed already; watching goes on, so that the fix is built.
  });
  await watcher.watch();
  return watcher;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outfile = await buildRestApi();
  console.log(`latchkey: REST API bundled into ${path.relative(ROOT, outfile)}`);
}

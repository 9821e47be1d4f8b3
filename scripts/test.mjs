// npm test: installs what is missing (a system Chromium included), checks types, lint and
// formatting, then runs the unit, integration and browser suites. `--postgres` runs the
// database suites on TEST_POSTGRES_URL.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT, ensureBuild, ensureDependencies, run } from "./lib/prepare.mjs";

const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function findChromium() {
  return [process.env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].find((candidate) => candidate && existsSync(candidate));
}

/** A system Chromium if there is one; on Debian as root, apt installs it; else Playwright's. */
function ensureChromium() {
  let found = findChromium();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("latchkey: installing Chromium from Debian packages…");
    const install = () =>
      spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (install().status !== 0) {
      spawnSync("apt-get", ["update"], { stdio: "inherit" });
      install();
    }
    found = findChromium();
    if (found) return found;
  }
  console.log("latchkey: no system Chromium; installing Playwright's…");
  run("npx", ["playwright", "install", "chromium"]);
  return "";
}

const postgres = process.argv.includes("--postgres");
ensureDependencies();

/** Types, lint (no warnings) and formatting: they do not depend on the database, so only the SQLite run checks them. */
function checkCode() {
  const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);
  run(bin("tsc"), ["--noEmit"]);
  run(bin("eslint"), [".", "--max-warnings", "0"]);
  run(bin("prettier"), ["--check", ".", "--log-level", "warn"]);
}

const chromium = ensureChromium();
const env = { CHROMIUM_PATH: chromium };

if (postgres) {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    console.error("Set TEST_POSTGRES_URL, e.g. postgresql://postgres@127.0.0.1:5432/latchkey_test");
    process.exit(1);
  }
  // Before the suites: the fault and backup tests run the production server too.
  ensureBuild();
  run(path.join(ROOT, "node_modules", ".bin", "vitest"), ["run", "--project", "integration"], { env: { ...env, TEST_DATABASE_URL: url } });
  run(path.join(ROOT, "node_modules", ".bin", "playwright"), ["test"], { env: { ...env, TEST_DATABASE_URL: url } });
  console.log("latchkey: PostgreSQL suites passed.");
} else {
  checkCode();
  ensureBuild();
  run(path.join(ROOT, "node_modules", ".bin", "vitest"), ["run"], { env });
  run(path.join(ROOT, "node_modules", ".bin", "playwright"), ["test"], { env });
  // The *.postgresql.* suites need a server: say so, so a green run is not taken for all of them.
  console.log("latchkey: SQLite suites passed; PostgreSQL suites not run: TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/latchkey_test npm run test:postgres");
}

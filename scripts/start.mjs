// npm start: installs what is missing, applies migrations, builds when needed, serves.
import { ensureBuild, ensureDependencies, logAsJson, run, say } from "./lib/prepare.mjs";

const dev = process.argv.includes("--dev");
if (!dev) logAsJson();
ensureDependencies();
run("node", ["scripts/db/migrate.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
if (!dev) ensureBuild();
const port = process.env.PORT || "3000";
say(`serving on ${process.env.APP_URL || `http://localhost:${port}`}`);
run("node", ["scripts/server.mjs", ...(dev ? ["--dev"] : [])], { stdio: "inherit", env: { NODE_ENV: dev ? "development" : "production" } });

// npm start: installs what is missing, applies migrations, builds when needed, serves.
import path from "node:path";
import { ROOT, ensureBuild, ensureDependencies, run } from "./lib/prepare.mjs";

const dev = process.argv.includes("--dev");
ensureDependencies();
run("node", ["scripts/db/migrate.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
if (!dev) ensureBuild();
const port = process.env.PORT || "3000";
console.log(`latchkey: serving on ${process.env.APP_URL || `http://localhost:${port}`}`);
run(path.join(ROOT, "node_modules", ".bin", "next"), [dev ? "dev" : "start", "--port", port]);

// A PostgreSQL cluster of a test's own, made with initdb and started and stopped with pg_ctl on
// a free loopback port, so a test can take the database away without touching the shared server.
// PostgreSQL refuses to run as root: as root, its commands run as the postgres user, in a
// folder that user owns.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freeLoopbackPort } from "./free-port";

const POSTGRES_ROOT = "/usr/lib/postgresql";

export type ThrowawayPostgres = {
  /** A database URL on this cluster (the database is created by `createDatabase`). */
  url: (database: string) => string;
  createDatabase: (database: string) => void;
  /** Stops the server the way an operator would (`pg_ctl stop -m fast`: sessions are ended). */
  stop: () => void;
  start: () => void;
  /** Stops the server if it runs and deletes the cluster. */
  destroy: () => void;
};

/** The newest installed server's bin folder; throws saying what to install when there is none. */
function postgresBinDir(): string {
  const versions = existsSync(POSTGRES_ROOT) ? readdirSync(POSTGRES_ROOT).filter((name) => existsSync(path.join(POSTGRES_ROOT, name, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      `The fault tests need PostgreSQL's server programs (initdb, pg_ctl) under ${POSTGRES_ROOT}/<version>/bin, and found none. ` +
        "Install them (Debian: apt-get install postgresql) and run the tests again.",
    );
  }
  return path.join(POSTGRES_ROOT, newest, "bin");
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  const port = await freeLoopbackPort();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "latchkey-pg-"));
  const dataDir = path.join(dir, "data");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const command = path.join(bin, program);
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  };
  let running = false;
  const start = () => {
    // fsync off: the tests stop and kill Latchkey, never this machine, and it saves seconds.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run("pg_ctl", ["start", "-w", "-t", "30", "-D", dataDir, "-l", path.join(dir, "server.log"), "-o", options]);
    running = true;
  };
  const stop = () => {
    run("pg_ctl", ["stop", "-w", "-t", "30", "-m", "fast", "-D", dataDir]);
    running = false;
  };

  const destroy = () => {
    process.removeListener("exit", destroy);
    try {
      if (running) stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test that times out must not leave its cluster running after the test process ends.
  process.once("exit", destroy);

  run("initdb", ["--no-sync", "-A", "trust", "-U", "postgres", "-E", "UTF8", "-D", dataDir]);
  start();
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  return {
    url,
    createDatabase: (database) => run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", database]),
    stop,
    start,
    destroy,
  };
}

// `npm start` (scripts/start.mjs) speaks in the server's log format when its output is not a
// terminal: its own lines, and what the steps it runs print (migrations, a build), are JSON
// lines a log system reads, and a step that fails says so as an error.
/** @see issue 12, "Structured JSON logs" */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";

const PREPARE = pathToFileURL(path.resolve("scripts/lib/prepare.mjs")).href;

/** Runs `body` in a Node process of its own with prepare.mjs's exports in scope; what it printed. */
function launcher(body: string) {
  const script = `import { logAsJson, run, say } from ${JSON.stringify(PREPARE)};\n${body}`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

test("with its output piped, the launcher's lines and its steps' output are JSON log lines, and a failed step is an error", () => {
  const { status, stdout, stderr } = launcher(`
    logAsJson();
    say("serving on http://localhost:3000");
    run(process.execPath, ["-e", "console.log('Compiled successfully'); console.error('a warning from the step')"]);
    run(process.execPath, ["-e", "process.exit(3)"]);
  `);
  expect(status).toBe(3);
  expect(stderr).toBe("");
  const lines = stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.map(({ level, msg, stream }) => ({ level, msg, stream }))).toEqual([
    { level: 30, msg: "serving on http://localhost:3000", stream: undefined },
    { level: 30, msg: "Compiled successfully", stream: "stdout" },
    { level: 30, msg: "a warning from the step", stream: "stderr" },
    { level: 50, msg: `"node -e process.exit(3)" failed`, stream: undefined },
  ]);
  for (const line of lines) {
    expect(line.pid).toEqual(expect.any(Number));
    expect(line.time).toEqual(expect.any(Number));
  }
  expect(lines[1]!.step).toBe("node -e console.log('Compiled successfully'); console.error('a warning from the step')");
});

test("without it (npm test, npm run dev), the launcher writes plain lines and steps print as they run", () => {
  const { status, stdout } = launcher(`
    say("building…");
    run(process.execPath, ["-e", "console.log('Compiled successfully')"]);
  `);
  expect(status).toBe(0);
  expect(stdout).toBe("latchkey: building…\nCompiled successfully\n");
});

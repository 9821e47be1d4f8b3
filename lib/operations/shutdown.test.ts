import { expect, test } from "vitest";
import { onShutdown, runShutdownHooks } from "./shutdown.mjs";

test("buffered writes are flushed before connections close; a failing or stuck hook does not stop the others", async () => {
  const ran: string[] = [];
  const failures: string[] = [];
  onShutdown("close", "test: connection", async () => void ran.push("close"));
  onShutdown("flush", "test: buffer", async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    ran.push("flush");
  });
  onShutdown("flush", "test: failing", async () => {
    throw new Error("disk full");
  });
  onShutdown("flush", "test: stuck", () => new Promise(() => {}));
  await runShutdownHooks({ timeoutMs: 50, onFailure: (name) => failures.push(name) });
  expect(ran).toEqual(["flush", "close"]);
  expect(failures.sort()).toEqual(["test: failing", "test: stuck"]);
});

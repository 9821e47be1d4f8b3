// What must happen before the process exits (scripts/server.mjs runs it on SIGTERM/SIGINT once
// requests in flight are done): buffered writes are flushed first, then connections closed.
// Modules register their own hooks when they load; kept on globalThis so every bundle's
// registrations reach the one list. A name registered again replaces the earlier hook.

/** @typedef {"flush" | "close"} ShutdownPhase */

const HOOKS = Symbol.for("latchkey.shutdownHooks");
const shared = /** @type {Record<symbol, Record<ShutdownPhase, Map<string, () => Promise<unknown>>> | undefined>} */ (/** @type {unknown} */ (globalThis));
const hooks = (shared[HOOKS] ??= { flush: new Map(), close: new Map() });

/**
 * @param {ShutdownPhase} phase "flush" (buffered writes) runs before "close" (connections)
 * @param {string} name what the log calls it when it fails
 * @param {() => Promise<unknown>} hook
 */
export function onShutdown(phase, name, hook) {
  hooks[phase].set(name, hook);
}

/**
 * Runs every flush hook, then every close hook; a hook that fails or takes longer than
 * `timeoutMs` is reported and the others still run.
 * @param {{ timeoutMs?: number, onFailure?: (name: string, error: unknown) => void }} [options]
 */
export async function runShutdownHooks({ timeoutMs = 5000, onFailure = () => {} } = {}) {
  for (const phase of /** @type {ShutdownPhase[]} */ (["flush", "close"])) {
    await Promise.all(
      [...hooks[phase]].map(async ([name, hook]) => {
        /** @type {NodeJS.Timeout | undefined} */
        let timer;
        const timeout = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs} ms`)), timeoutMs);
        });
        try {
          await Promise.race([hook(), timeout]);
        } catch (error) {
          onFailure(name, error);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}

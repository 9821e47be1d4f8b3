import "server-only";

/**
 * Whether the benchmark's baseline routes answer: only when `npm run bench` started the server
 * with LATCHKEY_BENCH_ROUTES=true. Read on every call, never at build time, so a production
 * build served without it answers 404 there like any unknown path.
 */
export function benchRoutesEnabled(): boolean {
  return process.env.LATCHKEY_BENCH_ROUTES === "true";
}

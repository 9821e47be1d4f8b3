// The "bare Next.js route handler" baseline of `npm run bench -- api` (scripts/bench/api.mjs):
// the least a request served by Next.js costs on this machine, measured in the same run as
// /api/v1, so the API's figures can be read as a ratio to it. It does nothing and exists for
// the benchmark only: without LATCHKEY_BENCH_ROUTES=true (set by the bench alone) it is a 404.
import { benchRoutesEnabled } from "@/lib/config/bench-routes";

// Answered per request: the flag is read at run time, and nothing is prerendered at build.
export const dynamic = "force-dynamic";

export function GET(): Response {
  if (!benchRoutesEnabled()) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return Response.json({ ok: true });
}

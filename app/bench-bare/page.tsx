// The "bare dynamic Next.js page" baseline of `npm run bench -- pages` (scripts/bench/pages.mjs):
// what the least a dynamic page costs on this machine, measured in the same run as the settings
// pages so their figures read as a ratio to it. Like a settings page it reads a cookie and
// renders a small form; unlike one it reads no database. Without LATCHKEY_BENCH_ROUTES=true
// (set by the bench alone) it is Not Found.
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { benchRoutesEnabled } from "@/lib/config/bench-routes";

export default async function BenchBarePage() {
  if (!benchRoutesEnabled()) notFound();
  const visits = (await cookies()).get("bench")?.value ?? "none";
  return (
    <main className="p-6">
      <h1 className="text-lg font-semibold">Bare page</h1>
      <form>
        <label>
          Email <input name="email" defaultValue={visits} />
        </label>
        <button type="submit">Save</button>
      </form>
    </main>
  );
}

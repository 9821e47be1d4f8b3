import Link from "next/link";
import type { CheckupItem } from "@/lib/account/security-checkup";

export function SecurityCheckupCard({ score, items }: { score: number; items: CheckupItem[] }) {
  const todo = items.filter((item) => !item.done);
  return (
    <section aria-labelledby="checkup-heading" className="mb-10 max-w-3xl rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="flex items-center justify-between gap-4">
        <h2 id="checkup-heading" className="text-lg font-semibold">
          Security checkup
        </h2>
        <p className="text-sm">
          <span className="text-2xl font-semibold">{score}</span>
          <span className="text-zinc-600 dark:text-zinc-400"> / 100</span>
        </p>
      </div>
      <div
        className="mt-2 h-2 rounded-full bg-zinc-200 dark:bg-zinc-800"
        role="progressbar"
        aria-label="Security score"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={score}
      >
        <div className={`h-2 rounded-full ${score >= 80 ? "bg-green-600" : score >= 50 ? "bg-amber-500" : "bg-red-600"}`} style={{ width: `${score}%` }} />
      </div>
      {todo.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Nothing to do: your account is in good shape.</p>
      ) : (
        <ul className="mt-3 space-y-2" aria-label="What to do">
          {todo.map((item) => (
            <li key={item.id} className="text-sm">
              <Link href={item.href} className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
                {item.title}
              </Link>
              <span className="text-zinc-600 dark:text-zinc-400"> — {item.advice}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

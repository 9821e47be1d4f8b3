"use client";

import { useActionState, useEffect, useMemo, useState } from "react";
import type { ActionResult } from "@/lib/errors";

function remaining(expiresAt: number): string {
  const seconds = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** "Elevated for 9:41 · End now" while the session's step-up lasts. */
type Props = { remainingMs: number; endNow: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult> };

export function ElevationBanner({ remainingMs, endNow }: Props) {
  const [, endAction] = useActionState(endNow, null);
  // Counted down from the time left as the server computed it, never from the server's clock
  // time: a browser whose clock is off (or a test server's moved clock) still shows the right time.
  const end = useMemo(() => Date.now() + remainingMs, [remainingMs]);
  const [label, setLabel] = useState(() => remaining(end));
  useEffect(() => {
    const timer = setInterval(() => setLabel(remaining(end)), 1000);
    return () => clearInterval(timer);
  }, [end]);
  if (label === "0:00") return null;
  return (
    <div className="mb-6 flex items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
      <p>
        <span className="font-medium">Elevated</span> for <span aria-hidden="true">{label}</span>
        <span className="sr-only">a few more minutes</span>: sensitive actions won&apos;t ask you to confirm again.
      </p>
      <form action={endAction}>
        <button type="submit" className="rounded font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-600">
          End now
        </button>
      </form>
    </div>
  );
}

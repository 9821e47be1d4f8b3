"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

/** A secret shown once (a whole API key, a signing secret), selectable, with "Copy". */
export function ShownSecret({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          spellCheck={false}
          className="block w-full min-w-0 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs text-zinc-900 focus-visible:border-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
        />
        <Button type="button" variant="secondary" onClick={copy} aria-label={`Copy ${label}`}>
          Copy
        </Button>
      </div>
      <p role="status" className="text-xs text-green-800 empty:sr-only dark:text-green-400">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "Copying isn't allowed here: select it and copy it yourself." : null}
      </p>
    </div>
  );
}

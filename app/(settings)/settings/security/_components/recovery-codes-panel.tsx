"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Shown once, right after codes are made: they are never shown again. */
export function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `Latchkey recovery codes\nEach code works once. Keep them somewhere safe.\n\n${codes.join("\n")}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = Object.assign(document.createElement("a"), { href: url, download: "latchkey-recovery-codes.txt" });
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="max-w-xl space-y-4 rounded-lg border border-zinc-300 p-4 dark:border-zinc-700" role="region" aria-labelledby="recovery-codes-heading">
      <h3 id="recovery-codes-heading" className="font-semibold">
        Save your recovery codes
      </h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">If you lose your phone, each of these codes lets you sign in once. This is the only time they are shown.</p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md bg-zinc-100 p-3 font-mono text-sm dark:bg-zinc-800">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={() => void navigator.clipboard.writeText(codes.join("\n")).then(() => setCopied(true))}>
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button type="button" variant="secondary" onClick={download}>
          Download (.txt)
        </Button>
        <Button type="button" onClick={onDone}>
          I have saved these codes
        </Button>
      </div>
      <p role="status" className="sr-only">
        {copied ? "Recovery codes copied to the clipboard." : ""}
      </p>
    </div>
  );
}

"use client";

import { ShownSecret } from "@/components/forms/shown-secret";
import { Button } from "@/components/ui/button";

/** A signing secret on screen once: the secret with Copy, how to use it, and the one button that closes it. */
export function SigningSecret({ message, url, secret, onClose }: { message: string; url: string; secret: string; onClose: () => void }) {
  return (
    <div className="space-y-4">
      <p role="status" className="text-sm break-all">
        {message}
      </p>
      <ShownSecret label={`Signing secret for ${url}`} value={secret} />
      <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
        Copy it now and give it to your receiver: it won&apos;t be shown again. Your receiver checks each delivery&apos;s <code>webhook-signature</code> header with it (Standard
        Webhooks); if it is lost, roll a new one.
      </p>
      <div className="flex justify-end">
        <Button type="button" onClick={onClose}>
          I&apos;ve copied it
        </Button>
      </div>
    </div>
  );
}

"use client";

import { useEffect, useState } from "react";

/**
 * A self-hosted proof-of-work check (ALTCHA): the browser solves a puzzle from
 * /api/captcha/challenge and sends the solution in the form field "altcha". Loaded only
 * where it is shown.
 */
export function Captcha() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void import("altcha").then(() => setReady(true));
  }, []);
  if (!ready) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the “I'm not a robot” check…</p>;
  // Solves as soon as it is shown: the person only waits, never clicks.
  return <altcha-widget challengeurl="/api/captcha/challenge" name="altcha" auto="onload" hidelogo hidefooter />;
}

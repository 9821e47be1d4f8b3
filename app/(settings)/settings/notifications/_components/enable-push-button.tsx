"use client";

import { startTransition, useActionState, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import { enablePushAction } from "../actions";

/** The service worker that shows the notifications (public/push-worker.js). */
const PUSH_WORKER_URL = "/push-worker.js";

function base64urlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

function sameKey(current: ArrayBuffer | null, wanted: Uint8Array): boolean {
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === wanted.length && bytes.every((byte, index) => byte === wanted[index]);
}

/** This browser's push subscription for Latchkey's key, made (with permission asked) if it has none. */
async function subscribeThisBrowser(vapidPublicKey: string): Promise<PushSubscription> {
  await navigator.serviceWorker.register(PUSH_WORKER_URL, { scope: "/" });
  const registration = await navigator.serviceWorker.ready;
  const applicationServerKey = base64urlToBytes(vapidPublicKey);
  const existing = await registration.pushManager.getSubscription();
  if (existing && sameKey(existing.options.applicationServerKey, applicationServerKey)) return existing;
  // Made for another key (Latchkey's keys were replaced): the push service would refuse our messages.
  await existing?.unsubscribe();
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
}

export function EnablePushButton({ vapidPublicKey }: { vapidPublicKey: string }) {
  const [state, enable, saving] = useActionState(enablePushAction, null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const turnOn = async () => {
    setProblem(null);
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      setProblem("This browser can't receive push notifications. Try a current version of Chrome, Edge, Firefox or Safari.");
      return;
    }
    if (Notification.permission === "denied") {
      setProblem("Notifications are blocked for this site. Allow them in your browser's site settings, then try again.");
      return;
    }
    setBusy(true);
    try {
      if ((await Notification.requestPermission()) !== "granted") {
        setProblem("Push stays off: the browser wasn't allowed to show notifications.");
        return;
      }
      let subscription: PushSubscription;
      try {
        subscription = await subscribeThisBrowser(vapidPublicKey);
      } catch {
        setProblem("The browser couldn't turn push on. Try again in a moment.");
        return;
      }
      const { endpoint, keys } = subscription.toJSON();
      const formData = new FormData();
      formData.set("endpoint", endpoint ?? "");
      formData.set("p256dh", keys?.p256dh ?? "");
      formData.set("auth", keys?.auth ?? "");
      startTransition(() => enable(formData));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-2">
      <Button type="button" onClick={() => void turnOn()} disabled={busy || saving}>
        {busy || saving ? "Turning push on…" : "Enable push on this device"}
      </Button>
      {problem ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-300">
          {problem}
        </p>
      ) : (
        <FormMessage state={state} />
      )}
    </div>
  );
}

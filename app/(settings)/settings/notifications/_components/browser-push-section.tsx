import { RelativeTime } from "@/components/ui/relative-time";
import type { PushDevice } from "@/lib/push/subscriptions";
import { EnablePushButton } from "./enable-push-button";
import { PushDeviceActions } from "./push-device-actions";
import { SendTestPushForm } from "./send-test-push-form";

/** "Browser push": turn it on for this browser, the devices that have it, and a test message. */
export function BrowserPushSection({ devices, vapidPublicKey }: { devices: PushDevice[]; vapidPublicKey: string }) {
  return (
    <section aria-labelledby="push-heading" className="mt-10 max-w-3xl space-y-4">
      <div>
        <h2 id="push-heading" className="text-lg font-semibold">
          Browser push
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Get notifications on this device even when Latchkey isn&apos;t open. The Browser push column above chooses what reaches your devices.
        </p>
      </div>
      <EnablePushButton vapidPublicKey={vapidPublicKey} />
      {devices.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No devices have push on yet.</p>
      ) : (
        <>
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Devices with push on">
            {devices.map((device) => (
              <li key={device.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0 text-sm">
                  <p className="font-medium break-words">{device.name}</p>
                  <p className="text-zinc-600 dark:text-zinc-400">
                    Added <RelativeTime date={device.createdAt} /> · Last notified {device.lastSentAt ? <RelativeTime date={device.lastSentAt} /> : "never"}
                  </p>
                </div>
                <PushDeviceActions pushSubscriptionId={device.id} name={device.name} />
              </li>
            ))}
          </ul>
          <SendTestPushForm />
        </>
      )}
    </section>
  );
}

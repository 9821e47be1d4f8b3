import type { Metadata } from "next";
import { PageNotice } from "@/components/settings/page-notice";
import { SettingsPageHeader } from "@/components/settings/settings-page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireUser } from "@/lib/auth/session";
import { listSessions } from "@/lib/sessions/sessions";
import { RevokeOthersButton, RevokeSessionButton } from "./_components/revoke-buttons";
import { stepUpMethodFor } from "@/lib/auth/step-up-method";

export const metadata: Metadata = { title: "Sessions" };

const METHODS: Record<string, string> = {
  password: "Password",
  "password+totp": "Password and authenticator app",
  "password+recovery_code": "Password and recovery code",
  "password+passkey": "Password and passkey",
  passkey: "Passkey",
};

const NOTICES: Record<string, (count: number) => string> = {
  "signed-out": () => "That session was signed out.",
  "signed-out-others": (count) => (count === 1 ? "1 other session was signed out." : `${count} other sessions were signed out.`),
};

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireUser();
  const { notice, count } = await searchParams;
  const noticeText = typeof notice === "string" && NOTICES[notice] ? NOTICES[notice](Number(count) || 0) : null;
  const sessions = await listSessions(session);
  const stepUpMethod = stepUpMethodFor(session.user);
  return (
    <>
      <SettingsPageHeader title="Sessions" description="Devices and browsers signed in to your account. Sign out any you don't recognise." />
      <PageNotice message={noticeText} />
      <ul className="max-w-3xl divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Signed-in sessions">
        {sessions.map((item) => (
          <li key={item.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0 text-sm">
              <p className="font-medium">
                {item.device.summary}
                {item.current ? (
                  <span className="ml-2 rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900 dark:bg-green-950 dark:text-green-200">This device</span>
                ) : null}
              </p>
              <p className="text-zinc-600 dark:text-zinc-400">
                {item.device.deviceType} · {item.ipAddress ?? "unknown address"} · {METHODS[item.signInMethod] ?? item.signInMethod}
              </p>
              <p className="text-zinc-600 dark:text-zinc-400">
                Signed in <RelativeTime date={item.createdAt} /> · Last active {item.current ? "now" : <RelativeTime date={item.lastActiveAt} />}
              </p>
            </div>
            {item.current ? null : <RevokeSessionButton sessionId={item.id} device={item.device.summary} stepUpMethod={stepUpMethod} />}
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <div className="mt-6">
          <RevokeOthersButton count={sessions.length - 1} stepUpMethod={stepUpMethod} />
        </div>
      ) : (
        <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">This is the only device signed in to your account.</p>
      )}
    </>
  );
}

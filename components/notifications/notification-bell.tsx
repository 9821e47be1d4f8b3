"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionResult } from "@/lib/errors";

export type BellNotification = { id: string; title: string; body: string; href: string | null; unread: boolean; when: string; at: string };

type Props = {
  unreadCount: number;
  latest: BellNotification[];
  markAllRead: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
};

/**
 * The header's bell: a disclosure button (not a menu: the panel holds links, text and a form)
 * with the unread count in its name. Escape and a click outside close the panel.
 */
export function NotificationBell({ unreadCount, latest, markAllRead }: Props) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(markAllRead, null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const closeOnOutsideClick = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsideClick);
    return () => document.removeEventListener("pointerdown", closeOnOutsideClick);
  }, [open]);

  const badge = unreadCount > 99 ? "99+" : String(unreadCount);
  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unreadCount > 0 ? `Notifications, ${unreadCount} unread` : "Notifications"}
        onClick={() => setOpen(!open)}
        className="relative flex size-9 items-center justify-center rounded-full text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className="size-5">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unreadCount > 0 ? (
          <span aria-hidden="true" className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs leading-5 font-semibold text-white">
            {badge}
          </span>
        ) : null}
      </button>
      <div
        ref={panel}
        id={panelId}
        hidden={!open}
        onKeyDown={(event) => {
          if (event.key !== "Escape") return;
          setOpen(false);
          button.current?.focus();
        }}
        className="absolute right-0 z-50 mt-2 w-80 max-w-[calc(100vw-2rem)] rounded-md border border-zinc-200 bg-white p-3 text-zinc-900 shadow-lg dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 className="text-sm font-semibold">Notifications</h2>
        {latest.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No notifications yet.</p>
        ) : (
          <ul aria-label="Latest notifications" className="mt-2 max-h-96 divide-y divide-zinc-200 overflow-y-auto dark:divide-zinc-800">
            {latest.map((notification) => (
              <li key={notification.id} className="py-2 text-sm">
                <p className="font-medium">
                  {notification.unread ? <span className="sr-only">Unread: </span> : null}
                  {notification.unread ? <span aria-hidden="true" className="mr-1.5 inline-block size-2 rounded-full bg-blue-600" /> : null}
                  {notification.href ? (
                    <a href={notification.href} className="text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
                      {notification.title}
                    </a>
                  ) : (
                    notification.title
                  )}
                </p>
                <p className="text-zinc-700 dark:text-zinc-300">{notification.body}</p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  <time dateTime={notification.at}>{notification.when}</time>
                </p>
              </li>
            ))}
          </ul>
        )}
        <form action={action} className="mt-2 space-y-2">
          <FormMessage state={state} />
          {unreadCount > 0 ? (
            <SubmitButton pendingLabel="Marking…" variant="secondary">
              Mark all as read
            </SubmitButton>
          ) : null}
        </form>
      </div>
    </div>
  );
}

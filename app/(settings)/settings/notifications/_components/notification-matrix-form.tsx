"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { TableScroll } from "@/components/ui/table-scroll";
import { LOCKED_CELLS, NOTIFICATION_CATEGORIES, NOTIFICATION_CHANNELS, cellLabel, cellOf, type NotificationCell } from "@/lib/notifications/categories";
import { updateNotificationPreferencesAction } from "../actions";

export function NotificationMatrixForm({ matrix }: { matrix: Record<NotificationCell, boolean> }) {
  const [state, action] = useActionState(updateNotificationPreferencesAction, null);
  return (
    <form action={action} className="space-y-5">
      <TableScroll label="Notifications by category and channel">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">What you hear about, by category (rows) and channel (columns)</caption>
          <thead className="bg-zinc-50 text-xs text-zinc-600 uppercase dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Category
              </th>
              {NOTIFICATION_CHANNELS.map((channel) => (
                <th key={channel.id} scope="col" className="px-2 py-2 text-center font-medium">
                  {channel.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {NOTIFICATION_CATEGORIES.map((category) => (
              <tr key={category.id}>
                <th scope="row" className="px-3 py-3 align-top font-normal">
                  <span className="block font-medium">{category.label}</span>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{category.description}</span>
                  {NOTIFICATION_CHANNELS.map((channel) => {
                    const reason = LOCKED_CELLS[cellOf(category.id, channel.id)];
                    return reason ? (
                      <span key={channel.id} id={`${cellOf(category.id, channel.id)}-reason`} className="mt-1 block text-xs text-zinc-700 dark:text-zinc-300">
                        {reason}
                      </span>
                    ) : null;
                  })}
                </th>
                {NOTIFICATION_CHANNELS.map((channel) => {
                  const cell = cellOf(category.id, channel.id);
                  const locked = LOCKED_CELLS[cell] !== undefined;
                  return (
                    <td key={channel.id} className="px-2 py-3 text-center align-top">
                      {/* A disabled switch is not submitted: the locked cell is sent by a hidden field. */}
                      {locked ? <input type="hidden" name="enabled" value={cell} /> : null}
                      <input
                        type="checkbox"
                        role="switch"
                        name={locked ? undefined : "enabled"}
                        value={cell}
                        defaultChecked={locked || matrix[cell]}
                        disabled={locked}
                        aria-label={cellLabel(category.id, channel.id)}
                        aria-describedby={locked ? `${cell}-reason` : undefined}
                        className="size-5 cursor-pointer accent-blue-600 disabled:cursor-not-allowed disabled:opacity-60"
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Browser push reaches the devices where you turn push on, and webhooks reach the{" "}
        <Link href="/settings/webhooks" className="font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400">
          webhook endpoints you add
        </Link>
        ; until then those switches deliver nothing.
      </p>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}

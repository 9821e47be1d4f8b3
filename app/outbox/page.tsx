import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Logo } from "@/components/ui/logo";
import { canReadOutbox, listOutboxMessages } from "@/lib/email/outbox";
import { requestContext } from "@/lib/http/request-context";

export const metadata: Metadata = { title: "Outbox", robots: { index: false } };

/** Mail Latchkey would have sent, in development without SMTP (or MAIL_OUTBOX=true). Loopback only. */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!canReadOutbox(await requestContext())) notFound();
  const { after } = await searchParams;
  const { messages, nextCursor } = await listOutboxMessages(typeof after === "string" ? after : undefined);
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <Logo />
      <h1 className="mt-6 text-2xl font-semibold tracking-tight">Outbox</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        No SMTP server is configured (SMTP_URL), so Latchkey keeps its mail here. Only this machine can see this page, and links that were used or have expired are hidden.
      </p>
      {messages.length === 0 ? <p className="text-sm">No mail yet.</p> : null}
      <ol className="space-y-4">
        {messages.map((message) => (
          <li key={message.id}>
            <article className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-labelledby={`subject-${message.id}`}>
              <h2 id={`subject-${message.id}`} className="font-semibold">
                {message.subject}
              </h2>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                To {message.recipient} · <time dateTime={message.createdAt.toISOString()}>{message.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
              </p>
              {message.headers.length > 0 ? (
                <dl className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
                  {message.headers.map(([name, value]) => (
                    <div key={name}>
                      <dt className="inline font-medium">{name}:</dt> <dd className="inline break-all">{value}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              <pre className="mt-3 font-sans text-sm whitespace-pre-wrap">{message.textBody}</pre>
            </article>
          </li>
        ))}
      </ol>
      {nextCursor ? (
        <Link href={`/outbox?after=${nextCursor}`} className="mt-6 inline-block text-sm font-medium text-blue-700 underline dark:text-blue-400">
          Older mail
        </Link>
      ) : null}
    </main>
  );
}

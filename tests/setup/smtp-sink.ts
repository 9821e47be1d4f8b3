// A real SMTP server on loopback that keeps every message it receives, for tests that send
// mail through SMTP_URL (nodemailer) rather than the built-in outbox.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, vi } from "vitest";

export type ReceivedPart = { contentType: string; body: string };

export type ReceivedMail = {
  /** The SMTP envelope: who the server was asked to deliver to, whatever the headers say. */
  envelope: { from: string | null; to: string[] };
  headers: Record<string, string>;
  /** The decoded leaves of the MIME tree (text/plain, text/html, …). */
  parts: ReceivedPart[];
  raw: string;
};

export type SmtpSink = {
  url: string;
  messages: ReceivedMail[];
  /** While true, every message is refused with 451 (a mail server that is down for a while). */
  refusing: boolean;
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

/** `answerDelayMs`: how long the server waits before accepting each message (a slow mail server). */
export async function startSmtpSink({ answerDelayMs = 0 }: { answerDelayMs?: number } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      if (sink.refusing) {
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("Try again later"), { responseCode: 451 })));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const { headers, parts } = parseMime(raw);
        messages.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
          },
          headers,
          parts,
          raw,
        });
        for (const wake of waiters) wake();
        setTimeout(callback, answerDelayMs);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  // A sender killed mid-message (the fault tests kill Latchkey) resets its connections, one
  // error each; the sink keeps serving the others. Any other error still fails the test file.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") throw error;
  });
  const { port } = server.server.address() as AddressInfo;

  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refusing: false,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP sink: ${messages.length} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}

/**
 * A sink for the whole test file, with SMTP_URL pointing at it. The configuration is read once
 * per module graph, so the file imports Latchkey's modules afresh (dynamic imports) after this
 * file's beforeAll hooks ran; afterwards SMTP_URL and the module graph are put back.
 */
export function useSmtpSink(options: { answerDelayMs?: number } = {}): { readonly sink: SmtpSink } {
  let sink: SmtpSink | undefined;
  const previousSmtpUrl = process.env.SMTP_URL;
  beforeAll(async () => {
    sink = await startSmtpSink(options);
    process.env.SMTP_URL = sink.url;
    vi.resetModules();
  });
  afterAll(async () => {
    if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = previousSmtpUrl;
    vi.resetModules();
    await sink?.close();
  });
  return {
    get sink() {
      if (!sink) throw new Error("The SMTP sink starts in beforeAll.");
      return sink;
    },
  };
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  // Folded header lines continue with whitespace.
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? "7bit").toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable": {
      const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, "latin1").toString("utf8");
    }
    default:
      return body;
  }
}

/** Enough MIME for what nodemailer sends: nested multiparts, base64 and quoted-printable leaves. */
export function parseMime(raw: string): { headers: Record<string, string>; parts: ReceivedPart[] } {
  const split = raw.search(/\r?\n\r?\n/);
  const headerBlock = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers = parseHeaders(headerBlock);
  const contentType = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith("multipart/") && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    const parts = sections.filter((section) => !section.startsWith("--")).flatMap((section) => parseMime(section.replace(/^\r?\n/, "")).parts);
    return { headers, parts };
  }
  return { headers, parts: [{ contentType: contentType.split(";")[0]!.trim().toLowerCase(), body: decodeBody(body, headers["content-transfer-encoding"]).replace(/\r?\n$/, "") }] };
}

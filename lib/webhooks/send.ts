import "server-only";
import { request, type Dispatcher } from "undici";
import { RefusedDestinationError } from "./destination";

/** What a delivery log keeps of a receiver's answer. */
export const RESPONSE_BODY_KEPT_BYTES = 1024;

export type DeliveryAttempt = {
  ok: boolean;
  /** The receiver's status, or null when no answer came (refused, unreachable, timed out). */
  status: number | null;
  /** The first RESPONSE_BODY_KEPT_BYTES of the answer, as text. */
  responseBody: string;
  durationMs: number;
  /** Why no answer came, in words for the delivery log. */
  error: string | null;
};

/** The reason given when the guard refused the destination (nothing was connected to). */
export const REFUSED_DESTINATION_REASON = "The URL resolves to a private or reserved address.";

function reasonOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof RefusedDestinationError || error instanceof RefusedDestinationError) return REFUSED_DESTINATION_REASON;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "The receiver did not answer in time.";
  const code = (cause as { code?: string } | null)?.code ?? (error as { code?: string } | null)?.code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") return "The receiver did not answer in time.";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The receiver's host name does not resolve.";
  if (code === "ECONNREFUSED") return "The receiver refused the connection.";
  return "The receiver could not be reached.";
}

/**
 * POSTs one signed message (JSON unless `headers` name another content type, as a Web Push
 * request does). Redirects are not followed (a 3xx is the answer); only the first kilobyte of
 * the answer is read; the whole exchange is cut off after `timeoutMs`.
 */
export async function postWebhook({
  url,
  body,
  headers,
  dispatcher,
  timeoutMs,
}: {
  url: string;
  body: string | Uint8Array;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  timeoutMs: number;
}): Promise<DeliveryAttempt> {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const answer = await request(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "user-agent": "Latchkey-Webhooks/1", ...headers },
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of answer.body) {
      chunks.push(chunk as Buffer);
      kept += (chunk as Buffer).length;
      if (kept >= RESPONSE_BODY_KEPT_BYTES) break;
    }
    answer.body.destroy();
    const responseBody = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_KEPT_BYTES).toString("utf8");
    return { ok: answer.statusCode >= 200 && answer.statusCode < 300, status: answer.statusCode, responseBody, durationMs: durationMs(), error: null };
  } catch (error) {
    return { ok: false, status: null, responseBody: "", durationMs: durationMs(), error: reasonOf(error) };
  }
}

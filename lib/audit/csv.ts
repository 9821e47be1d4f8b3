import "server-only";
import { RateLimitedError, limit } from "@/lib/rate-limit/limit";

// CSV downloads of the security logs: RFC 4180 records, every field quoted, and formula-looking
// fields neutralised so a spreadsheet shows them as text.

const CSV_MAX_ROWS = 100_000;
const CSV_BATCH_SIZE = 500;

export function csvField(value: string): string {
  // A leading = + - @ (or tab, CR) would be read as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvRecord(values: readonly string[]): string {
  return values.map(csvField).join(",") + "\r\n";
}

/** A header, then every entry of a cursor-paginated query as a record, read batch by batch. */
export async function* csvRecords<E>(
  header: readonly string[],
  readPage: (cursor: string | undefined, pageSize: number) => Promise<{ entries: E[]; nextCursor: string | null }>,
  toValues: (entry: E) => readonly string[],
): AsyncGenerator<string> {
  yield csvRecord(header);
  let cursor: string | undefined;
  let written = 0;
  do {
    const { entries, nextCursor } = await readPage(cursor, CSV_BATCH_SIZE);
    for (const entry of entries) yield csvRecord(toValues(entry));
    written += entries.length;
    cursor = nextCursor ?? undefined;
  } while (cursor && written < CSV_MAX_ROWS);
}

/** Streams CSV records as a download named `<prefix>-YYYY-MM-DD.csv`. */
export function csvDownload(records: AsyncGenerator<string>, filenamePrefix: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await records.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filenamePrefix}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

/** A plain-text refusal of a download (signed out, not allowed, too many). */
export function plainTextResponse(message: string, status: number, extraHeaders: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...extraHeaders } });
}

/** Counts one download of a log by the person; a 429 answer once they have downloaded too many, else null. */
export async function refuseTooManyExports(userId: string): Promise<Response | null> {
  try {
    await limit("log-export:user", userId);
    return null;
  } catch (error) {
    if (error instanceof RateLimitedError) return plainTextResponse(error.message, 429, { "Retry-After": String(error.retryAfterSeconds) });
    throw error;
  }
}

// The entry scripts/build-rest-api.mjs bundles: a Node request listener for scripts/server.mjs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { API_HEADERS, restApi } from "./app";
import { API_BODY_MAX_BYTES } from "./guard";
import { problemResponse } from "./problems";

const listener = getRequestListener(restApi.fetch);
const HEADERS = Object.entries(API_HEADERS);

/**
 * The headers every answer carries are set on the Node response before Hono runs: a header
 * added to a web Response afterwards builds a whole Headers object per call, the largest cost
 * of GET /me. Headers an answer sets itself (the reference page's policy) take precedence.
 */
export async function handleRestApiRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
  for (const [name, value] of HEADERS) response.setHeader(name, value);
  if (Number(request.headers["content-length"] ?? 0) > API_BODY_MAX_BYTES) return refuseTooLarge(request, response);
  return listener(request, response);
}

/**
 * A body announced as too large is refused before it is read. The rest of it is read and
 * dropped (never kept) so that a client still sending sees the answer instead of a reset
 * connection, and the connection is closed after.
 */
async function refuseTooLarge(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const problem = problemResponse("payload-too-large", `The request body is too large: at most ${API_BODY_MAX_BYTES / 1024} KB.`);
  response.writeHead(problem.status, { "Content-Type": problem.headers.get("content-type") ?? "application/problem+json", Connection: "close" });
  response.end(await problem.text());
  request.resume();
}

// The entry scripts/build-rest-api.mjs bundles: a Node request listener for scripts/server.mjs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { API_BASE_PATH, API_HEADERS, restApi } from "./app";
import { admit, API_BODY_MAX_BYTES } from "./guard";
import { problemAnswer, problemForError, type ProblemAnswer } from "./problems";
import { ME_REQUIREMENT, meBody } from "./routes/me";

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
  if (request.method === "GET" && request.url === ME_PATH) return answerMe(request, response);
  return listener(request, response);
}

const ME_PATH = `${API_BASE_PATH}/me`;

/**
 * GET /me, the call a host product makes in front of each of its own requests, answered
 * without the router and the web Request and Response it builds (a tenth of the call's time,
 * docs/decisions/0019-rest-api-server.md): the same checks (admit), the same body (meBody) and
 * the same refusals as the route in rest-api/routes/me.ts, which the OpenAPI document describes.
 */
async function answerMe(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const admission = await admit(ME_REQUIREMENT, {
      method: "GET",
      routePath: ME_PATH,
      header: (name) => request.headers[name] as string | undefined,
      outgoing: response,
    });
    if (!admission.ok) return write(admission.problem, response);
    const body = meBody(admission.principal);
    response.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }).end(body);
    admission.finish(null, 200);
  } catch (error) {
    write(problemForError(error), response);
  }
}

function write({ status, headers, body }: ProblemAnswer, response: ServerResponse, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, ...extraHeaders, "Content-Length": Buffer.byteLength(body) }).end(body);
}

/**
 * A body announced as too large is refused before it is read. The rest of it is read and
 * dropped (never kept) so that a client still sending sees the answer instead of a reset
 * connection, and the connection is closed after.
 */
function refuseTooLarge(request: IncomingMessage, response: ServerResponse): void {
  write(problemAnswer("payload-too-large", `The request body is too large: at most ${API_BODY_MAX_BYTES / 1024} KB.`), response, { Connection: "close" });
  request.resume();
}

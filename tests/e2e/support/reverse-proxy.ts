// Plain HTTP for the network-edge specs: requests with any Host header (a browser cannot send
// one), and a reverse proxy on loopback like nginx in front of Latchkey. Loopback only.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

type RawRequest = { port: number; path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer };

/** One request to 127.0.0.1:port, headers exactly as given (Host included). */
export function rawRequest({ port, path, method = "GET", headers = {}, body }: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path, method, headers, setHost: !("host" in headers) }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

export type ReverseProxy = { port: number; close: () => Promise<void> };

/**
 * Forwards every request to 127.0.0.1:targetPort with its Host header, appending the client's
 * address to X-Forwarded-For as nginx's $proxy_add_x_forwarded_for does. `clientAddress`
 * stands for a visitor from elsewhere (the proxy's listening socket is loopback).
 */
export async function startReverseProxy(targetPort: number, { clientAddress }: { clientAddress?: string } = {}): Promise<ReverseProxy> {
  const server = http.createServer((incoming, outgoing) => {
    const client = clientAddress ?? incoming.socket.remoteAddress ?? "";
    const forwardedFor = incoming.headers["x-forwarded-for"];
    const headers = { ...incoming.headers, "x-forwarded-for": forwardedFor ? `${forwardedFor}, ${client}` : client };
    const upstream = http.request({ host: "127.0.0.1", port: targetPort, path: incoming.url, method: incoming.method, headers, setHost: false }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on("error", () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// /api/docs: the API reference as one server-rendered page made from the OpenAPI document.
// No script and nothing fetched from elsewhere: it works offline, and its one inline
// stylesheet is allowed by hash in its Content-Security-Policy.
import { createHash } from "node:crypto";
import { PROBLEM_TYPES } from "./problems";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Document = { info: { title: string; version: string; description?: string }; paths?: unknown; components?: unknown };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#111827;background:#fff}
main{max-width:60rem;margin:0 auto;padding:2rem 1.25rem}
h1{font-size:1.75rem;margin:0 0 .5rem}h2{font-size:1.3rem;margin:2.5rem 0 .75rem;border-bottom:1px solid #e5e7eb;padding-bottom:.25rem}
h3{font-size:1.05rem;margin:1.75rem 0 .5rem}h4{font-size:.95rem;margin:1rem 0 .25rem}
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}pre{background:#f3f4f6;padding:.75rem;overflow-x:auto;border-radius:.375rem}
.method{display:inline-block;min-width:4.25rem;font-weight:700;text-transform:uppercase}
.op{border:1px solid #e5e7eb;border-radius:.5rem;padding:.25rem 1rem 1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid #e5e7eb;padding:.35rem .5rem;vertical-align:top}
nav ul{columns:2;padding-left:1.25rem}a{color:#1d4ed8}
@media (prefers-color-scheme:dark){body{background:#111827;color:#f9fafb}pre{background:#1f2937}.op,th,td,h2{border-color:#374151}a{color:#93c5fd}}
`;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Backticks in descriptions become code; everything else is text. */
function prose(value: string | undefined): string {
  if (!value) return "";
  return escapeHtml(value).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function anchor(method: string, path: string): string {
  return `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "");
}

function asObject(value: unknown): JsonObject {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};
}

function schemaBlock(schema: Json | undefined): string {
  if (schema === undefined) return "";
  const ref = asObject(schema).$ref;
  if (typeof ref === "string") {
    const name = ref.split("/").at(-1)!;
    return `<p>Schema: <a href="#schema-${escapeHtml(name)}"><code>${escapeHtml(name)}</code></a></p>`;
  }
  return `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;
}

function operationHtml(method: string, path: string, operation: JsonObject): string {
  const parts = [`<section class="op" id="${anchor(method, path)}"><h3><span class="method">${method}</span> <code>${escapeHtml(path)}</code></h3>`];
  parts.push(`<p><strong>${prose(String(operation.summary ?? ""))}</strong></p><p>${prose(String(operation.description ?? ""))}</p>`);
  const parameters = Array.isArray(operation.parameters) ? operation.parameters.map(asObject) : [];
  if (parameters.length > 0) {
    parts.push("<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Description</th></tr></thead><tbody>");
    for (const parameter of parameters) {
      parts.push(
        `<tr><td><code>${escapeHtml(String(parameter.name))}</code></td><td>${escapeHtml(String(parameter.in))}</td><td>${parameter.required ? "yes" : "no"}</td><td>${prose(String(parameter.description ?? asObject(parameter.schema).description ?? ""))}</td></tr>`,
      );
    }
    parts.push("</tbody></table>");
  }
  const body = asObject(asObject(asObject(operation.requestBody).content)["application/json"]);
  if (body.schema !== undefined) parts.push(`<h4>Request body (application/json)</h4>${schemaBlock(body.schema)}`);
  parts.push("<h4>Responses</h4><table><thead><tr><th>Status</th><th>Meaning</th><th>Body</th></tr></thead><tbody>");
  for (const [status, response] of Object.entries(asObject(operation.responses))) {
    const content = asObject(asObject(response).content);
    const [mediaType, media] = Object.entries(content)[0] ?? [];
    const bodySchema = media ? schemaBlock(asObject(media).schema) : "";
    parts.push(
      `<tr><td>${escapeHtml(status)}</td><td>${prose(String(asObject(response).description ?? ""))}</td><td>${mediaType ? `<code>${escapeHtml(mediaType)}</code>` : "none"}${bodySchema}</td></tr>`,
    );
  }
  parts.push("</tbody></table></section>");
  return parts.join("");
}

/** The page and the Content-Security-Policy that lets exactly its stylesheet apply. */
export function renderDocsPage(document: Document): { html: string; contentSecurityPolicy: string } {
  const operations: { tag: string; method: string; path: string; operation: JsonObject }[] = [];
  for (const [path, item] of Object.entries(asObject(document.paths))) {
    for (const method of METHODS) {
      const operation = asObject(item)[method];
      if (operation) operations.push({ tag: String(asObject(operation).tags?.[0 as never] ?? "API"), method, path, operation: asObject(operation) });
    }
  }
  const tags = [...new Set(operations.map((entry) => entry.tag))];
  const schemas = asObject(asObject(document.components).schemas);
  const html = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(document.info.title)} reference</title><style>${STYLE}</style></head><body><main>`,
    `<h1>${escapeHtml(document.info.title)} <small>v${escapeHtml(document.info.version)}</small></h1><p>${prose(document.info.description)}</p>`,
    `<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>`,
    `<h2 id="authentication">Authentication</h2><p>Send an organization API key in the <code>Authorization</code> header: <code>Authorization: Bearer lk_live_…</code>. A key in the query string, a cookie or the body is refused (401). Read-only keys cannot write and write-only keys cannot read (403). A key never does more than its creator's role allows at the moment of the call.</p>`,
    `<h2 id="rate-limits">Rate limits</h2><p>Every answer to a known key carries <code>RateLimit-Policy</code> and <code>RateLimit</code> headers (IETF draft): the key's requests per minute and what is left. Past the limit the answer is 429 with <code>Retry-After</code>. Failed authentications are limited per client address.</p>`,
    `<nav aria-label="Endpoints"><h2>Endpoints</h2><ul>${operations.map(({ method, path }) => `<li><a href="#${anchor(method, path)}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`).join("")}</ul></nav>`,
    ...tags.map(
      (tag) =>
        `<h2>${escapeHtml(tag)}</h2>${operations
          .filter((entry) => entry.tag === tag)
          .map((entry) => operationHtml(entry.method, entry.path, entry.operation))
          .join("")}`,
    ),
    `<h2 id="problems">Problems</h2><p>Every refusal is an RFC 9457 problem (<code>application/problem+json</code>) with <code>type</code>, <code>title</code>, <code>status</code> and <code>detail</code>.</p><table><thead><tr><th>Type</th><th>Status</th><th>Meaning</th></tr></thead><tbody>`,
    ...Object.entries(PROBLEM_TYPES).map(([type, { status, about }]) => `<tr id="problem-${type}"><td><code>${type}</code></td><td>${status}</td><td>${prose(about)}</td></tr>`),
    `</tbody></table><h2 id="schemas">Schemas</h2>`,
    ...Object.entries(schemas).map(
      ([name, schema]) => `<h3 id="schema-${escapeHtml(name)}"><code>${escapeHtml(name)}</code></h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`,
    ),
    `</main></body></html>`,
  ].join("");
  const styleHash = createHash("sha256").update(STYLE).digest("base64");
  return { html, contentSecurityPolicy: `default-src 'none'; style-src 'sha256-${styleHash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'` };
}

// Calls a server action of a running production server over HTTP, as a form on the page does:
// a POST to the page with the action's id (from the build's manifest) and the arguments
// `(previousState, formData)` in React's reply encoding.
import { readFileSync } from "node:fs";
import path from "node:path";
import { productionBuildDir } from "./latchkey-server";

type ManifestEntry = { filename: string; exportedName: string; workers: Record<string, unknown> };

let manifest: Record<string, ManifestEntry> | undefined;

/** The id the build gave the action exported as `exportedName` from `filename` (e.g. "app/(auth)/login/actions.ts"). */
export function serverActionId(filename: string, exportedName: string): string {
  manifest ??= (JSON.parse(readFileSync(path.join(productionBuildDir(), "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, ManifestEntry> }).node;
  const found = Object.entries(manifest).find(([, entry]) => entry.filename === filename && entry.exportedName === exportedName);
  if (!found) throw new Error(`The build has no server action ${exportedName} in ${filename}`);
  return found[0];
}

export type ActionCall = { origin: string; page: string; action: [filename: string, exportedName: string]; fields: Record<string, string>; cookie?: string; ip?: string };

export type ActionAnswer = { status: number; body: string; setCookie: string[]; retryAfter: string | null; redirect: string | null };

/** Sends the action's form; resolves with what came back, or rejects when the server did not answer. */
export async function callServerAction({ origin, page, action, fields, cookie, ip }: ActionCall): Promise<ActionAnswer> {
  const form = new FormData();
  // React's encoding of the arguments [null, formData]: the form's fields under the "_1_" prefix,
  // then the root "0" that refers to them (the server reads the parts in order).
  for (const [name, value] of Object.entries(fields)) form.set(`_1_${name}`, value);
  form.set("0", JSON.stringify([null, "$K1"]));
  const response = await fetch(`${origin}${page}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      accept: "text/x-component",
      "next-action": serverActionId(...action),
      origin,
      ...(cookie ? { cookie } : {}),
      ...(ip ? { "x-forwarded-for": ip } : {}),
    },
    body: form,
  });
  return {
    status: response.status,
    body: await response.text(),
    setCookie: response.headers.getSetCookie(),
    retryAfter: response.headers.get("retry-after"),
    redirect: response.headers.get("x-action-redirect"),
  };
}

/** The `name=value` pairs of Set-Cookie headers, as a Cookie header. */
export function cookieHeader(setCookie: string[]): string {
  return setCookie.map((line) => line.split(";")[0]).join("; ");
}

// No "server-only" marker: proxy.ts uses it.
import { extractInfoFromServerReferenceId, mightBeServerReferenceId } from "next/dist/shared/lib/server-reference-info";

/**
 * Whether a POST is a server-action request that Next.js would fail on with a 500 or hand to
 * an action in a shape the action cannot take. Latchkey's actions take nothing, the previous
 * state, or the previous state and a FormData, so a request for an action that reads a second
 * argument must carry a FormData there. Next.js encodes which arguments an action reads in the
 * first byte of its id. Requests that are not actions, or name an unknown action (Next.js
 * answers those itself), are not malformed here.
 */
export async function isMalformedServerActionRequest(request: Request): Promise<boolean> {
  if (request.method !== "POST") return false;
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  const actionId = request.headers.get("next-action");
  if (actionId !== null) return isMalformedFetchAction(request, actionId, contentType);
  // Without the header only a multipart form can be an action (a form posted without JavaScript).
  if (!contentType.startsWith("multipart/form-data")) return false;
  const form = await formDataOf(request);
  if (!form) return true;
  return isMalformedFormAction(form);
}

async function isMalformedFetchAction(request: Request, actionId: string, contentType: string): Promise<boolean> {
  if (!mightBeServerReferenceId(actionId)) return false;
  const readsFormData = takesFormData(actionId);
  if (contentType.startsWith("multipart/form-data")) {
    const form = await formDataOf(request);
    const args = parseJson(form?.get("0"));
    if (!Array.isArray(args)) return true;
    // React encodes a FormData argument as a reference: "$K" and the id of its fields' prefix.
    // An action made by lib/actions/define-action.ts takes the form alone too (a plain
    // `<form action>`); Next.js marks those as reading every argument.
    const formAlone = args.length === 1 && isFormReference(args[0]) && extractInfoFromServerReferenceId(actionId).hasRestArgs;
    return readsFormData && !(isFormReference(args[1]) || formAlone);
  }
  // The other encoding, text, cannot carry a FormData.
  if (readsFormData) return true;
  if (contentType !== "" && !contentType.startsWith("text/plain")) return true;
  return !Array.isArray(parseJson(await request.text().catch(() => null)));
}

function isMalformedFormAction(form: FormData): boolean {
  const keys = [...form.keys()];
  const actionIdKey = keys.find((key) => key.startsWith("$ACTION_ID_"));
  // Called with the form as its only argument: an action that reads a second one cannot run.
  if (actionIdKey) return takesFormData(actionIdKey.slice("$ACTION_ID_".length));
  const referenceKey = keys.find((key) => key.startsWith("$ACTION_REF_"));
  if (!referenceKey) return false;
  const prefix = `$ACTION_${referenceKey.slice("$ACTION_REF_".length)}:`;
  const reference = parseJson(form.get(`${prefix}0`));
  if (typeof reference !== "object" || reference === null || typeof (reference as { id?: unknown }).id !== "string") return true;
  const { id, bound } = reference as { id: string; bound?: unknown };
  if (!mightBeServerReferenceId(id) || !takesFormData(id)) return false;
  // A form made with useActionState binds the previous state ("$@1" names the field that holds
  // it), so the form comes second.
  if (typeof bound !== "string" || !/^\$@[0-9a-f]+$/.test(bound)) return true;
  const boundArgs = parseJson(form.get(`${prefix}${bound.slice(2)}`));
  return !Array.isArray(boundArgs) || boundArgs.length !== 1;
}

function isFormReference(value: unknown): boolean {
  return typeof value === "string" && /^\$K[0-9a-f]+$/.test(value);
}

function takesFormData(actionId: string): boolean {
  return /^[0-9a-f]{2}/i.test(actionId) && extractInfoFromServerReferenceId(actionId).usedArgs[1];
}

async function formDataOf(request: Request): Promise<FormData | null> {
  return request.formData().catch(() => null);
}

function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

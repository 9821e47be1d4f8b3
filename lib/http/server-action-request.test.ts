/** @see issue 8, item 10: malformed server-action bodies answered 500 (or reached the action). */
import { expect, test } from "vitest";
import { isMalformedServerActionRequest } from "./server-action-request";

// Ids as Next.js makes them: the first byte says which arguments the action reads.
const FORM_ACTION = `60${"a".repeat(40)}`; // (previous, formData)
const NO_ARG_ACTION = `00${"b".repeat(40)}`; // ()
const DEFINED_ACTION = `7f${"c".repeat(40)}`; // made by lib/actions/define-action.ts: "reads every argument"

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost:3000/login", { method: "POST", headers, body });
}
function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}
const fetchAction = (id: string, body: BodyInit, contentType?: string) => post(body, { "next-action": id, ...(contentType ? { "content-type": contentType } : {}) });

test.each<[string, () => Request]>([
  ["a bare $ACTION_ID_ field with the Next-Action header", () => fetchAction(FORM_ACTION, form({ [`$ACTION_ID_${FORM_ACTION}`]: "" }))],
  ["a JSON object instead of form data", () => fetchAction(FORM_ACTION, '{"email":"a@example.com"}', "application/json")],
  ["a JSON object as text", () => fetchAction(FORM_ACTION, '{"email":"a@example.com"}', "text/plain;charset=UTF-8")],
  ["arguments as text to an action that reads a form", () => fetchAction(FORM_ACTION, '[null,{"email":"a@example.com"}]', "text/plain;charset=UTF-8")],
  ["no arguments to an action that reads a form", () => fetchAction(FORM_ACTION, "[]", "text/plain;charset=UTF-8")],
  ["an object where the form should be", () => fetchAction(FORM_ACTION, form({ "0": '[null,{"email":"a@example.com"}]' }))],
  ["garbage multipart", () => fetchAction(FORM_ACTION, "--XYZ\r\ngarbage\r\n--", "multipart/form-data; boundary=XYZ")],
  ["text that is not JSON to an action without arguments", () => fetchAction(NO_ARG_ACTION, "garbage", "text/plain")],
  ["a JSON object to an action without arguments", () => fetchAction(NO_ARG_ACTION, "{}", "text/plain")],
  ["a form post naming a form action by $ACTION_ID_ (the form would be its first argument)", () => post(form({ [`$ACTION_ID_${FORM_ACTION}`]: "", email: "a@example.com" }))],
  ["a form post whose $ACTION_REF_ metadata is not JSON", () => post(form({ $ACTION_REF_1: "", "$ACTION_1:0": "{", $ACTION_KEY: "k1" }))],
  ["a form post whose bound state is missing", () => post(form({ $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: FORM_ACTION, bound: null }) }))],
  ["a form post whose bound state is empty", () => post(form({ $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: FORM_ACTION, bound: "$@1" }), "$ACTION_1:1": "[]" }))],
  ["garbage multipart without the header", () => post("--XYZ\r\ngarbage\r\n--", { "content-type": "multipart/form-data; boundary=XYZ" })],
  ["no arguments to a defined action", () => fetchAction(DEFINED_ACTION, "[]", "text/plain;charset=UTF-8")],
  ["an object where a defined action's form should be", () => fetchAction(DEFINED_ACTION, form({ "0": '[null,{"email":"a@example.com"}]' }))],
  ["an object alone to a defined action", () => fetchAction(DEFINED_ACTION, form({ "0": '[{"email":"a@example.com"}]' }))],
  ["a form alone to an action that reads it second", () => fetchAction(FORM_ACTION, form({ _1_email: "a@example.com", "0": '["$K1"]' }))],
  ["a form post naming a defined action by $ACTION_ID_", () => post(form({ [`$ACTION_ID_${DEFINED_ACTION}`]: "", email: "a@example.com" }))],
])("malformed: %s", async (_name, request) => {
  expect(await isMalformedServerActionRequest(request())).toBe(true);
});

test.each<[string, () => Request]>([
  ["a form submitted by script: previous state and a form reference", () => fetchAction(FORM_ACTION, form({ _1_email: "a@example.com", "0": '[null,"$K1"]' }))],
  ["a defined action: previous state and a form reference", () => fetchAction(DEFINED_ACTION, form({ _1_email: "a@example.com", "0": '[null,"$K1"]' }))],
  ["a defined action as a plain <form action>: the form alone", () => fetchAction(DEFINED_ACTION, form({ _1_email: "a@example.com", "0": '["$K1"]' }))],
  ["an action without arguments called by script", () => fetchAction(NO_ARG_ACTION, "[]", "text/plain;charset=UTF-8")],
  [
    "a useActionState form posted without JavaScript",
    () => post(form({ $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: FORM_ACTION, bound: "$@1" }), "$ACTION_1:1": "[null]", $ACTION_KEY: "k1", email: "a@example.com" })),
  ],
  ["a button form for an action without arguments", () => post(form({ [`$ACTION_ID_${NO_ARG_ACTION}`]: "" }))],
  ["a plain form post that is no action", () => post(form({ email: "a@example.com" }))],
  ["a url-encoded post (never an action)", () => post("email=a", { "content-type": "application/x-www-form-urlencoded" })],
  ["an unknown action id (Next.js answers it)", () => fetchAction("00deadbeef", "garbage", "text/plain")],
  ["a GET", () => new Request("http://localhost:3000/login")],
])("well formed or not an action: %s", async (_name, request) => {
  expect(await isMalformedServerActionRequest(request())).toBe(false);
});

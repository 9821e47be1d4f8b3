// Client-sent JSON text (a passkey response), parsed without throwing (safe to import in client code).

/** The parsed value, or null when the text is not JSON. */
export function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

// Started once per server process (instrumentation.ts, Node.js runtime): mails the creators of
// keys that expire within 7 days. sendExpiryReminders claims each key before mailing, so
// several instances running this never send a reminder twice.
import { errorFields, logger } from "@/lib/operations/logger.mjs";
import { sendExpiryReminders } from "./api-keys";

/** How often the reminders are looked for; a key is reminded within this long of entering its last 7 days. */
export const EXPIRY_REMINDER_INTERVAL_MS = 60 * 60 * 1000;
/** The first look after start, once the server is up (not at the moment it starts listening). */
const FIRST_RUN_DELAY_MS = 60 * 1000;

const started = Symbol.for("latchkey.apiKeyExpiryReminders");

async function runOnce(): Promise<void> {
  try {
    const sent = await sendExpiryReminders();
    if (sent > 0) logger.info({ sent }, `API key expiry ${sent === 1 ? "reminder" : "reminders"} sent`);
  } catch (error) {
    logger.error(errorFields(error), "API key expiry reminders failed");
  }
}

/**
 * The timers never keep the process alive (unref) and read the time only when they fire, so
 * the test clock's jumps are seen at the next run and nothing waits on them.
 */
export function startExpiryReminders(): void {
  const state = globalThis as { [started]?: boolean };
  if (state[started]) return;
  state[started] = true;
  setTimeout(() => {
    void runOnce();
    setInterval(() => void runOnce(), EXPIRY_REMINDER_INTERVAL_MS).unref();
  }, FIRST_RUN_DELAY_MS).unref();
}

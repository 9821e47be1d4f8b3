// Runs once when the server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/config/check-config-on-start");
    const { startExpiryReminders } = await import("./lib/api-keys/expiry-reminder-timer");
    startExpiryReminders();
    const { startJobWorker } = await import("./lib/jobs/worker");
    startJobWorker();
  }
}

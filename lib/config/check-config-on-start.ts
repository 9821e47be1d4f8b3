// Imported once at server start (instrumentation.ts): refuse to serve with a bad configuration.
import { ConfigError, getConfig } from "./env";

try {
  getConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

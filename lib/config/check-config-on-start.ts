// Imported once at server start (instrumentation.ts): refuse to serve with a bad configuration.
import { logger } from "@/lib/operations/logger.mjs";
import { ConfigError, getConfig } from "./env";

try {
  getConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  logger.fatal(error.message);
  logger.flush();
  process.exit(1);
}

import { resetDatabase } from "./reset-database.mjs";
import { integrationDatabaseUrl } from "./test-database-url.mjs";

export default async function setup() {
  await resetDatabase(integrationDatabaseUrl());
}

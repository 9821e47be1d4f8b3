// API key input, shared by the API keys page's forms, its server actions and /api/v1 (safe to
// import in client code).
import { z } from "zod";
import { plainText } from "@/lib/validation/fields";
import { recordId } from "@/lib/validation/record-id";
import {
  API_KEY_ACCESS_LEVELS,
  API_KEY_DESCRIPTION_MAX_LENGTH,
  API_KEY_ENVIRONMENT_OPTIONS,
  API_KEY_EXPIRY_CHOICES,
  API_KEY_RATE_LIMIT_MAX,
  API_KEY_RATE_LIMIT_MIN,
  API_KEY_SECRET_POLICIES,
  API_KEY_TYPES,
  ROTATION_GRACE_CHOICES,
} from "./choices";

export * from "./choices";

const ids = <T extends readonly { id: string }[]>(choices: T) => choices.map((choice) => choice.id) as unknown as [T[number]["id"], ...T[number]["id"][]];

export const apiKeyDescription = plainText("Description", API_KEY_DESCRIPTION_MAX_LENGTH).refine((value) => value.length > 0, "Enter a description, such as “Production API Key”.");
export const apiKeyType = z.enum(ids(API_KEY_TYPES), { error: "Choose a type: Integration, Data or Product." });
export const apiKeyEnvironment = z.enum(ids(API_KEY_ENVIRONMENT_OPTIONS), { error: "Choose an environment: Test or Live." });
export const apiKeyAccess = z.enum(ids(API_KEY_ACCESS_LEVELS), { error: "Choose the access: Read only, Write only, or Read and write." });
export const apiKeyId = recordId("Choose an API key.");
export const rotationGrace = z.enum(ids(ROTATION_GRACE_CHOICES), { error: "Choose how long the old secret keeps working." });
export const apiKeyRateLimit = z.coerce
  .number({ error: "Enter a number of requests per minute." })
  .int("Enter a whole number of requests per minute.")
  .min(API_KEY_RATE_LIMIT_MIN, `Allow at least ${API_KEY_RATE_LIMIT_MIN} request per minute.`)
  .max(API_KEY_RATE_LIMIT_MAX, `Allow at most ${API_KEY_RATE_LIMIT_MAX.toLocaleString("en-US")} requests per minute.`);

/** "Expires": a preset, or a custom day (YYYY-MM-DD, end of that day in UTC); the domain checks it is in the next year. */
export const apiKeyExpiry = z
  .object({
    expires: z.enum(ids(API_KEY_EXPIRY_CHOICES), { error: "Choose when the key expires." }).default("1y"),
    expiresOn: z.string({ error: "Enter a date." }).max(20).optional(),
  })
  .superRefine((value, context) => {
    if (value.expires === "custom" && !/^\d{4}-\d{2}-\d{2}$/.test(value.expiresOn ?? "")) {
      context.addIssue({ code: "custom", path: ["expiresOn"], message: "Enter the expiry date as YYYY-MM-DD." });
    }
  });

export const createApiKeySchema = z.object({ description: apiKeyDescription, type: apiKeyType, environment: apiKeyEnvironment, access: apiKeyAccess }).and(apiKeyExpiry);
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const rotateApiKeySchema = z.object({ keyId: apiKeyId, grace: rotationGrace.default("none") });
export type RotateApiKeyInput = z.infer<typeof rotateApiKeySchema>;

export const revokeApiKeySchema = z.object({ keyId: apiKeyId, confirmation: z.string({ error: "Type the key's description." }).max(400) });
export const apiKeyPolicySchema = z.object({ policy: z.enum(ids(API_KEY_SECRET_POLICIES), { error: "Choose how secrets are kept." }) });

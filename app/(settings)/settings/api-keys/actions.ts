"use server";

import { z } from "zod";
import { organizationAction } from "@/lib/actions/define-action";
import {
  createApiKey,
  regenerateAllApiKeys,
  revealApiKeys,
  revokeApiKey,
  rotateApiKey,
  setApiKeyRateLimit,
  setApiKeySecretPolicy,
  setDefaultApiKeyRateLimit,
} from "@/lib/api-keys/api-keys";
import { apiKeyId, apiKeyPolicySchema, apiKeyRateLimit, createApiKeySchema, revokeApiKeySchema, rotateApiKeySchema } from "@/lib/api-keys/schemas";
import { requireStepUp } from "@/lib/auth/step-up";
import { AppError } from "@/lib/errors";

// The API keys pages' actions. Each one that makes, changes or shows a secret asks for a fresh
// step-up; seeing secrets again asks for one made with a second factor.

const API_KEYS_PAGES = { path: "/settings/api-keys", type: "layout" } as const;

/** What a form shows once: a whole key. */
export type ShownKey = { id: string; description: string; key: string };

export const createApiKeyAction = organizationAction(
  { permission: "api_keys.view", schema: createApiKeySchema, echo: ["description", "expiresOn"], revalidate: API_KEYS_PAGES },
  async (input, { session, member, context }) => {
    if (!member.permissions.has("api_keys.manage_own") && !member.permissions.has("api_keys.manage")) throw new AppError("FORBIDDEN");
    requireStepUp(session);
    const { key, apiKey } = await createApiKey(member, input, context);
    return { data: { id: apiKey.id, description: apiKey.description, key } satisfies ShownKey, message: `API key “${apiKey.description}” created.` };
  },
);

export const rotateApiKeyAction = organizationAction(
  { permission: "api_keys.view", schema: rotateApiKeySchema, revalidate: API_KEYS_PAGES },
  async (input, { session, member, context }) => {
    requireStepUp(session);
    const { key, apiKey } = await rotateApiKey(member, input.keyId, input.grace, context);
    const until = apiKey.previousSecretExpiresAt ? ` The old secret works until ${apiKey.previousSecretExpiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC.` : "";
    return { data: { id: apiKey.id, description: apiKey.description, key } satisfies ShownKey, message: `API key “${apiKey.description}” rotated.${until}` };
  },
);

export const revokeApiKeyAction = organizationAction(
  { permission: "api_keys.view", schema: revokeApiKeySchema.extend({ from: z.enum(["list", "key"]).catch("list") }), echo: ["confirmation"], revalidate: API_KEYS_PAGES },
  async (input, { session, member, context }) => {
    requireStepUp(session);
    const apiKey = await revokeApiKey(member, input.keyId, context, input.confirmation);
    // The row loses its controls: the confirmation shows on the page it came from.
    return { redirect: input.from === "key" ? `/settings/api-keys/${apiKey.id}?notice=revoked` : "/settings/api-keys?notice=revoked" };
  },
);

export const revealApiKeysAction = organizationAction({ permission: "api_keys.view", schema: z.object({}) }, async (_input, { session, member, context }) => {
  requireStepUp(session, { secondFactor: true });
  const keys = await revealApiKeys(member, context);
  return {
    data: keys.map(({ id, description, key }) => ({ id, description, key })) satisfies ShownKey[],
    message: keys.length === 0 ? "There are no API keys you can view." : "Secrets shown for 60 seconds.",
  };
});

const regenerateSchema = z.object({ confirmation: z.string({ error: "Type “regenerate all” to confirm." }).max(100) });
/** What "Regenerate all secrets" asks to be typed. */
const REGENERATE_CONFIRMATION = "regenerate all";

export const regenerateAllApiKeysAction = organizationAction(
  { permission: "api_keys.manage", schema: regenerateSchema, revalidate: API_KEYS_PAGES },
  async (input, { session, member, context }) => {
    if (input.confirmation.trim().toLowerCase() !== REGENERATE_CONFIRMATION) {
      throw new AppError("INVALID_INPUT", undefined, { confirmation: [`Type “${REGENERATE_CONFIRMATION}” to confirm.`] });
    }
    requireStepUp(session);
    const keys = await regenerateAllApiKeys(member, context);
    return {
      data: keys satisfies ShownKey[],
      message: keys.length === 0 ? "There were no working keys to regenerate." : `${keys.length} secrets regenerated. The old ones no longer work.`,
    };
  },
);

export const setApiKeySecretPolicyAction = organizationAction(
  { permission: "api_keys.manage", schema: apiKeyPolicySchema, revalidate: API_KEYS_PAGES },
  async (input, { session, member, context }) => {
    requireStepUp(session);
    const { deleted } = await setApiKeySecretPolicy(member, input.policy, context);
    return {
      message:
        input.policy === "show_once"
          ? `Secrets are now shown only once.${deleted > 0 ? ` ${deleted} stored ${deleted === 1 ? "secret was" : "secrets were"} deleted.` : ""}`
          : "New keys' secrets can be viewed again after two-factor verification.",
    };
  },
);

export const setDefaultApiKeyRateLimitAction = organizationAction(
  { permission: "api_keys.manage", schema: z.object({ rateLimit: apiKeyRateLimit }), echo: ["rateLimit"], revalidate: API_KEYS_PAGES },
  async (input, { session, member, context }) => {
    requireStepUp(session);
    await setDefaultApiKeyRateLimit(member, input.rateLimit, context);
    return { message: `Keys without their own limit may make ${input.rateLimit.toLocaleString("en-US")} requests per minute.` };
  },
);

const keyRateLimitSchema = z.object({
  keyId: apiKeyId,
  /** "default" follows the organization's limit; else the key's own. */
  mode: z.enum(["default", "custom"], { error: "Choose the organization's default or a limit of its own." }),
  rateLimit: z.string().max(20).optional(),
});

export const setApiKeyRateLimitAction = organizationAction(
  { permission: "api_keys.manage", schema: keyRateLimitSchema, echo: ["rateLimit"], revalidate: API_KEYS_PAGES },
  async (input, { session, member, context }) => {
    let rateLimit: number | null = null;
    if (input.mode === "custom") {
      const parsed = apiKeyRateLimit.safeParse(input.rateLimit === undefined || input.rateLimit.trim() === "" ? undefined : input.rateLimit);
      if (!parsed.success) throw new AppError("INVALID_INPUT", undefined, { rateLimit: [parsed.error.issues[0]?.message ?? "Enter a number of requests per minute."] });
      rateLimit = parsed.data;
    }
    requireStepUp(session);
    await setApiKeyRateLimit(member, input.keyId, rateLimit, context);
    return { message: rateLimit === null ? "This key follows the organization's default limit." : `This key may make ${rateLimit.toLocaleString("en-US")} requests per minute.` };
  },
);

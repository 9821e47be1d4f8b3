import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

/** zxcvbn scores 0–4; below 3 the password falls to an offline guessing attack quickly. */
const MIN_SCORE = 3;

let checker: ZxcvbnFactory | undefined;

/**
 * Why a password is too easy to guess, or null when it is not: common and leaked passwords
 * (zxcvbn's offline lists, no network), and words from the person's own name or email.
 */
export function weakPasswordReason(password: string, context: { email?: string; firstName?: string; lastName?: string }): string | null {
  checker ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  const userInputs = [context.email, context.email?.split("@")[0], context.firstName, context.lastName, "latchkey"].filter((value): value is string =>
    Boolean(value && value.length >= 3),
  );
  const result = checker.check(password.slice(0, 256), userInputs);
  if (result.score >= MIN_SCORE) return null;
  const dictionaries = new Set(result.sequence.map((match) => ("dictionaryName" in match ? match.dictionaryName : null)));
  if (dictionaries.has("passwords-common")) return "This password is too common: it appears in lists of leaked passwords. Choose another.";
  if (dictionaries.has("userInputs")) return "Don't build your password from your name, your email or the word Latchkey.";
  return "This password is too easy to guess. Add more words or characters.";
}

import { expect, test } from "vitest";
import { weakPasswordReason } from "./password-strength";

const context = { email: "ada.lovelace@example.com", firstName: "Ada", lastName: "Lovelace" };

test.each(["Password1!", "P@ssw0rd!", "Qwerty123!", "Welcome1!", "Iloveyou1!"])("common password %j is refused as leaked", (password) => {
  expect(weakPasswordReason(password, context)).toBe("This password is too common: it appears in lists of leaked passwords. Choose another.");
});

test.each(["Latchkey2026!", "Lovelace2026!", "ada.lovelace1!"])("a password built from the person's context (%j) is refused", (password) => {
  expect(weakPasswordReason(password, context)).toMatch(/^(Don't build your password|This password is too)/);
});

test.each(["Correct-Horse-9", "Tr0ub4dor&3", "Zx9!mq2Lp", "violet canyon marble engine"])("%j is accepted", (password) => {
  expect(weakPasswordReason(password, context)).toBeNull();
});

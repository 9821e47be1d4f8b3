// The accessibility check of the browser specs: axe finds no serious or critical violation.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(
    serious.map((violation) => ({ id: violation.id, nodes: violation.nodes.map((node) => node.target.join(" ")) })),
    `${label}: axe violations`,
  ).toEqual([]);
}

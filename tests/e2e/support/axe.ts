// The accessibility check of the browser specs: axe's default rule set (WCAG 2.x A/AA and best
// practices, without experimental rules) finds no serious or critical violation.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  // Colors read mid-transition (a theme switch, a hover) are neither state's: wait them out.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const report = serious.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({ target: node.target.join(" "), summary: node.failureSummary })),
  }));
  expect(report, `${label}: axe violations\n${JSON.stringify(report, null, 2)}`).toEqual([]);
}

import { expect, test } from "vitest";
import { describeDevice } from "./describe-device";

test.each([
  ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131 on Mac OS 10.15.7", "Desktop"],
  [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mobile Safari 17 on iOS 17.5",
    "Mobile",
  ],
  ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox 133 on Linux", "Desktop"],
])("%s", (userAgent, summary, deviceType) => {
  expect(describeDevice(userAgent)).toMatchObject({ summary, deviceType });
});

test("no user agent", () => {
  expect(describeDevice(null).summary).toBe("Unknown device");
});

test.each([
  ["Mozilla/5.0 Chrome/evil.example Safari/1", "Chrome on unknown system"],
  ["Mozilla/5.0 (Xbox; Xbox Call 555-0100 at evil.example) Firefox/99.0", "Firefox 99 on Xbox"],
])("a version that is not a version is left out: %s", (userAgent, summary) => {
  expect(describeDevice(userAgent).summary).toBe(summary);
});

test("the family leaves versions out, so a push device keeps its name when the browser updates", () => {
  expect(describeDevice("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36").family).toBe("Chrome on Mac OS");
  expect(describeDevice(null).family).toBe("Unknown device");
});

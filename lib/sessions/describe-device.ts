// Turns a user agent into words a person recognises ("Firefox 133 on macOS · Desktop").
import { UAParser } from "ua-parser-js";

export type DeviceDescription = {
  browser: string;
  os: string;
  deviceType: "Desktop" | "Mobile" | "Tablet" | "Other";
  summary: string;
  /** "Chrome on macOS": a name that stays true when the browser updates (push devices). */
  family: string;
};

// Names come from the parser's fixed list, but versions are copied from the header as sent
// ("Chrome/evil.example", "Xbox; Xbox <anything>)"): only version-shaped ones are kept.
const OS_VERSION = /^(\d[\d._]{0,15}|XP|Vista|RT|NT ?\d[\d.]{0,5})$/;

export function describeDevice(userAgent: string | null): DeviceDescription {
  if (!userAgent) return { browser: "Unknown browser", os: "unknown system", deviceType: "Other", summary: "Unknown device", family: "Unknown device" };
  const parsed = new UAParser(userAgent).getResult();
  // `major` holds only the digits of the version.
  const browser = [parsed.browser.name, parsed.browser.major].filter(Boolean).join(" ") || "Unknown browser";
  const osVersion = parsed.os.version && OS_VERSION.test(parsed.os.version) ? parsed.os.version : undefined;
  const os = [parsed.os.name, osVersion].filter(Boolean).join(" ") || "unknown system";
  const type = parsed.device.type;
  const deviceType = type === "mobile" ? "Mobile" : type === "tablet" ? "Tablet" : type === undefined ? "Desktop" : "Other";
  const family = `${parsed.browser.name ?? "Unknown browser"} on ${parsed.os.name ?? "unknown system"}`;
  return { browser, os, deviceType, summary: `${browser} on ${os}`, family };
}

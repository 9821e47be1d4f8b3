// Turns a user agent into words a person recognises ("Firefox 133 on macOS · Desktop").
import { UAParser } from "ua-parser-js";

export type DeviceDescription = { browser: string; os: string; deviceType: "Desktop" | "Mobile" | "Tablet" | "Other"; summary: string };

export function describeDevice(userAgent: string | null): DeviceDescription {
  if (!userAgent) return { browser: "Unknown browser", os: "unknown system", deviceType: "Other", summary: "Unknown device" };
  const parsed = new UAParser(userAgent).getResult();
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ") || "Unknown browser";
  const os = [parsed.os.name, parsed.os.version].filter(Boolean).join(" ") || "unknown system";
  const type = parsed.device.type;
  const deviceType = type === "mobile" ? "Mobile" : type === "tablet" ? "Tablet" : type === undefined ? "Desktop" : "Other";
  return { browser, os, deviceType, summary: `${browser} on ${os}` };
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

// One formatter for every call: making one costs about 20 µs, as much as a list row's rendering.
const FORMAT = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function relativeTime(date: Date, now = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return FORMAT.format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}

/** "3 minutes ago", with the exact UTC time on hover and for screen readers' time element. */
export function RelativeTime({ date }: { date: Date }) {
  const exact = `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`;
  return (
    <time dateTime={date.toISOString()} title={exact}>
      {relativeTime(date)}
    </time>
  );
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A compact "how long ago" for an ISO timestamp, relative to `now`.
 * `null` means it never happened; an unparsable value reads "unknown".
 * Small clock skew (a timestamp slightly in the future) reads "just now".
 */
export function formatRelative(iso: string | null, now: Date): string {
  if (iso === null) return "never";
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "unknown";
  const diff = now.getTime() - then;
  if (diff < 45 * SECOND) return "just now";
  if (diff < 90 * SECOND) return "1 min ago";
  if (diff < HOUR) return `${Math.round(diff / MINUTE)} min ago`;
  if (diff < DAY) {
    const h = Math.floor(diff / HOUR);
    return h === 1 ? "1 hour ago" : `${h} hours ago`;
  }
  if (diff < 2 * DAY) return "yesterday";
  if (diff < 30 * DAY) return `${Math.floor(diff / DAY)} days ago`;
  return new Date(then).toLocaleDateString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
  });
}

/** A full local date and time for tooltips, or "never". */
export function formatAbsolute(iso: string | null): string {
  if (iso === null) return "never";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

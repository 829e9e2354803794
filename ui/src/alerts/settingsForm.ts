// The notification settings as the form edits them (times and the threshold as typed text),
// the checks the core would make (crates/desk-domain/src/alerts.rs, NotificationSettings::check)
// said per field before anything is sent, and the core's own refusals put back beside the field
// they name. Pure, tested in settingsForm.test.ts.
import type { NotificationSettings, Severity } from "../bindings";

export type SettingsValues = {
  enabled: boolean;
  teams: string[];
  minSeverity: Severity;
  quietOn: boolean;
  quietStart: string;
  quietEnd: string;
  snoozedUntil: Partial<Record<Severity, string>>;
  criticalBreaksThrough: boolean;
  summaryFrom: string;
};

export type SettingsField = "teams" | "quietStart" | "quietEnd" | "quiet" | "summaryFrom" | "form";
export type SettingsErrors = Partial<Record<SettingsField, string>>;

/** Quiet hours offered when the member turns them on without having set any. */
const DEFAULT_QUIET = { start: "22:00", end: "07:00" };

export function toValues(s: NotificationSettings): SettingsValues {
  return {
    enabled: s.enabled,
    teams: [...s.teams],
    minSeverity: s.minSeverity,
    quietOn: s.quietHours !== null,
    quietStart: s.quietHours?.start ?? DEFAULT_QUIET.start,
    quietEnd: s.quietHours?.end ?? DEFAULT_QUIET.end,
    snoozedUntil: { ...s.snoozedUntil },
    criticalBreaksThrough: s.criticalBreaksThrough,
    summaryFrom: String(s.summaryFrom),
  };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "7:05" is read as "07:05"; anything else is left as typed. */
function normaliseTime(t: string): string {
  const s = t.trim();
  return /^\d:[0-5]\d$/.test(s) ? `0${s}` : s;
}

export type Checked = { ok: true; settings: NotificationSettings } | { ok: false; errors: SettingsErrors };

/** The settings to save, or what is wrong with each field, in the core's terms. */
export function checkValues(v: SettingsValues): Checked {
  const errors: SettingsErrors = {};
  const start = normaliseTime(v.quietStart);
  const end = normaliseTime(v.quietEnd);
  if (v.quietOn) {
    if (!TIME.test(start)) errors.quietStart = "A time of day as HH:MM, e.g. 22:00.";
    if (!TIME.test(end)) errors.quietEnd = "A time of day as HH:MM, e.g. 07:00.";
    if (errors.quietStart === undefined && errors.quietEnd === undefined && start === end) {
      errors.quiet = "Quiet hours start and end at the same time; turn them off instead.";
    }
  }
  const summary = v.summaryFrom.trim();
  const summaryFrom = /^\d+$/.test(summary) ? Number(summary) : Number.NaN;
  if (!Number.isSafeInteger(summaryFrom) || summaryFrom < 2) {
    errors.summaryFrom = "A whole number, 2 or more.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      enabled: v.enabled,
      teams: v.teams,
      minSeverity: v.minSeverity,
      quietHours: v.quietOn ? { start, end } : null,
      snoozedUntil: v.snoozedUntil,
      criticalBreaksThrough: v.criticalBreaksThrough,
      summaryFrom,
    },
  };
}

function sentence(s: string): string {
  const t = s.trim();
  if (t === "") return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/**
 * The core's invalidInput message (SettingsError's words) beside the field it names:
 * `quiet hours start: "25:00" is not a time of day (HH:MM)` goes to the start time, and so on;
 * anything else goes to the whole form.
 */
export function coreSettingsErrors(message: string): SettingsErrors {
  const m = message.trim();
  let r: RegExpExecArray | null;
  if ((r = /^quiet hours (start|end): (.*)$/i.exec(m))) {
    return { [r[1]?.toLowerCase() === "start" ? "quietStart" : "quietEnd"]: sentence(r[2] ?? m) };
  }
  if (/quiet hours start and end/i.test(m)) return { quiet: sentence(m) };
  if (/not one of your teams/i.test(m)) return { teams: sentence(m) };
  if (/^summari[sz]e from/i.test(m)) return { summaryFrom: sentence(m) };
  return { form: sentence(m) };
}

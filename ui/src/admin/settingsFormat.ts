// How platform settings read and are written: a value (JSON text from the core) shown plainly —
// On/Off, text without quotes, numbers with the user's grouping — and what a form control
// holds encoded back to JSON text for its type; whether staging waits for a promotion; the
// bounds, the affected service and the rules in words; the filter. No React here, so every
// rule is unit-tested in settingsFormat.test.ts.
import type { Environment, SettingApplication, SettingRule, SettingView } from "../bindings";
import { NO_FIELD_ERRORS, type RuleRefusal } from "../lib/fieldErrors";
import { userLocale } from "../lib/format";

/** Why the change, promote and rollback buttons are off offline. */
export const SETTINGS_OFFLINE_HINT = "Changing settings needs the platform; this shows the last synced state.";

/** The fields the core names when it refuses a change, a promotion or a rollback. */
export const SETTING_FIELDS = ["value", "rationale"] as const;

/** No refusal (yet). */
export const NO_REFUSAL: RuleRefusal = { rules: [], errors: NO_FIELD_ERRORS };

/** The core sets no length on a rationale; this only keeps a pasted essay in check. */
export const RATIONALE_MAX = 2000;

/** The value behind a JSON text, or undefined when it is not JSON (shown as sent). */
function parsed(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON value as a reader expects it: On/Off, text without quotes, a grouped number. */
export function displayValue(json: string | null | undefined, locale = userLocale()): string {
  if (json === null || json === undefined) return "—";
  const v = parsed(json);
  if (typeof v === "boolean") return v ? "On" : "Off";
  if (typeof v === "string") return v;
  if (typeof v === "number") return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(v);
  if (v === null) return "none";
  return json;
}

/** Whether a JSON text holds a number (its cell is right-aligned). */
export function isNumberValue(json: string | null | undefined): boolean {
  return json !== null && json !== undefined && typeof parsed(json) === "number";
}

/** What a form control holds for a JSON value: "true"/"false", the number's digits, or the plain text. */
export function draftOf(json: string | null | undefined): string {
  if (json === null || json === undefined) return "";
  const v = parsed(json);
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return json;
}

/**
 * What a control holds, as the JSON text the core takes for the type: a number as its digits
 * (null when it is not a number), a boolean as true/false, text in quotes.
 */
export function encodeValue(valueType: string, draft: string): string | null {
  switch (valueType) {
    case "number": {
      const t = draft.trim();
      const n = Number(t);
      return t === "" || !Number.isFinite(n) ? null : String(n);
    }
    case "boolean":
      return draft === "true" ? "true" : "false";
    default:
      return JSON.stringify(draft);
  }
}

/** Whether two JSON texts hold the same value (`14` and `14.0`, spacing aside). */
export function sameValue(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a === b;
  const pa = parsed(a);
  const pb = parsed(b);
  if (pa === undefined || pb === undefined) return a.trim() === b.trim();
  return JSON.stringify(pa) === JSON.stringify(pb);
}

/** Staging runs another version than production: it waits for a promotion. */
export function differs(s: Pick<SettingView, "staging" | "production">): boolean {
  return (s.staging?.version ?? null) !== (s.production?.version ?? null);
}

/** Staging has a version production does not run yet. */
export function promotable(s: Pick<SettingView, "staging" | "production">): boolean {
  return s.staging !== null && differs(s);
}

/** A type in words. */
export function typeLabel(valueType: string): string {
  switch (valueType) {
    case "boolean":
      return "On/off";
    case "number":
      return "Number";
    case "string":
      return "Text";
    default:
      return valueType;
  }
}

/** The allowed values (JSON texts) as the reader sees them. */
export function allowedLabels(allowed: readonly string[] | null, locale = userLocale()): string[] {
  return (allowed ?? []).map((a) => displayValue(a, locale));
}

/** The bounds or the allowed values in words, or null when anything of the type goes. */
export function boundsLabel(s: Pick<SettingView, "minValue" | "maxValue" | "allowedValues">, locale = userLocale()): string | null {
  if (s.allowedValues !== null && s.allowedValues.length > 0) return `One of ${allowedLabels(s.allowedValues, locale).join(", ")}`;
  const num = (t: string) => displayValue(t, locale);
  if (s.minValue !== null && s.maxValue !== null) return `${num(s.minValue)} to ${num(s.maxValue)}`;
  if (s.minValue !== null) return `At least ${num(s.minValue)}`;
  if (s.maxValue !== null) return `At most ${num(s.maxValue)}`;
  return null;
}

/** What a promotion does beyond setting the value. */
export function serviceLine(service: string | null): string {
  return service === null ? "Affects no service with a health check" : `Promotion runs ${service}'s health check`;
}

/** A rule as `left op right`. */
export function ruleExpression(rule: Pick<SettingRule, "leftKey" | "op" | "rightKey">): string {
  return `${rule.leftKey} ${rule.op} ${rule.rightKey}`;
}

/** Where a version runs now. */
export function liveIn(version: number, s: Pick<SettingView, "staging" | "production">): Environment[] {
  const out: Environment[] = [];
  if (s.staging?.version === version) out.push("staging");
  if (s.production?.version === version) out.push("production");
  return out;
}

/** A rollback goes to production when the version ever ran there, else to staging. */
export function defaultRollbackEnvironment(version: number, applications: readonly SettingApplication[]): Environment {
  return applications.some((a) => a.environment === "production" && a.version === version) ? "production" : "staging";
}

/** An environment's name for a heading. */
export function environmentLabel(env: string): string {
  return env === "production" ? "Production" : env === "staging" ? "Staging" : env;
}

/** Whether a setting matches the filter's words (each in the key or the description). */
export function matchesFilter(s: Pick<SettingView, "key" | "description">, text: string | null): boolean {
  const words = (text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${s.key} ${s.description}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The change form's own checks before asking the core (it checks bounds and rules itself). */
export function changeProblems(valueType: string, draft: string, rationale: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (encodeValue(valueType, draft) === null) out.value = ["Enter a number."];
  if (rationale.trim() === "") out.rationale = ["Say why (it is kept with the version and in the audit trail)."];
  return out;
}

// How feature flags read and are edited: a state in one line ("on · 10 % · control 50 /
// checklist 50 · plans: scale_monthly_usd"), a table cell, what a change did in words, the error
// rate, why a flag is stale, and the state form's draft (text boxes) turned back into the
// FlagState the core takes — with the checks the form makes before asking. No React here, so
// every rule is unit-tested in flagsFormat.test.ts.
import type { Environment, FlagEnvView, FlagState, FlagView, Staleness, Targeting, Variant } from "../bindings";
import { userLocale } from "../lib/format";
import { formatRelative } from "../lib/time";

/** Why Save, Roll back and Archive are off offline. */
export const FLAGS_OFFLINE_HINT = "Changing flags needs the platform; this shows the last synced state.";

/** The environments, in the order the toggle shows them. */
export const FLAG_ENVIRONMENTS: readonly Environment[] = ["staging", "production"];

/** The quick rollout buttons, in percent. */
export const ROLLOUT_STEPS: readonly number[] = [0, 1, 5, 10, 25, 50, 100];

/** An error rate from this share up is highlighted. */
export const HIGH_ERROR_RATE = 0.01;

/** The fields the state form shows a refusal beside (others go to the banner). */
export const STATE_FORM_FIELDS = ["enabled", "rolloutPercent", "variants", "rules", "tenants", "plans", "prerequisites", "reason"] as const;

/** The fields the new-flag dialog shows a refusal beside. */
export const NEW_FLAG_FIELDS = ["key", "description", "reason"] as const;

/** The core sets no length on a reason; this only keeps a pasted essay in check. */
export const REASON_MAX = 2000;

/** A new flag's state: off, nobody in the rollout, no variants or targeting. */
export const OFF_STATE: FlagState = { enabled: false, rolloutPercent: 0, variants: [], rules: { tenants: [], plans: [], exclude_tenants: [] } };

/** What the panel's last action did: shown under the environment toggle until the next one. */
export type FlagMessage = { tone: "ok" | "error"; text: string };

/** Targeting with every list present. */
export type Rules = { tenants: string[]; plans: string[]; exclude_tenants: string[] };

/** The variants of a state (none for a plain on/off flag). */
export function variantsOf(state: FlagState): Variant[] {
  return state.variants ?? [];
}

/** The targeting of a state, every list present. */
export function rulesOf(state: FlagState): Rules {
  const r: Targeting = state.rules ?? {};
  return { tenants: r.tenants ?? [], plans: r.plans ?? [], exclude_tenants: r.exclude_tenants ?? [] };
}

/** A percentage as the screen writes it: "10 %". */
export function percent(n: number): string {
  return `${n} %`;
}

/** Why a flag is stale, in words. */
export function staleWords(stale: Staleness): string {
  switch (stale) {
    case "fullyOn":
      return "on for everyone 30+ days";
    case "fullyOff":
      return "off 30+ days";
    case "notEvaluated":
      return "not evaluated for 14 days";
  }
}

/** What a stale flag asks of its owner. */
export function staleAdvice(stale: Staleness): string {
  switch (stale) {
    case "fullyOn":
      return "On for every tenant and unchanged for 30 days: the old code path can go, then archive the flag.";
    case "fullyOff":
      return "Off and unchanged for 30 days: its code path is dead; remove it and archive the flag.";
    case "notEvaluated":
      return "Production has not evaluated it for 14 days: the code no longer asks for it.";
  }
}

/** Errors per evaluation (0–1), or null when nothing was evaluated. */
export function errorRate(errors: number, evaluations: number): number | null {
  return evaluations > 0 ? errors / evaluations : null;
}

/** An error rate as "0.4 %", "<0.1 %" for a trace, "—" when nothing was evaluated. */
export function formatRate(rate: number | null, locale = userLocale()): string {
  if (rate === null) return "—";
  if (rate === 0) return "0 %";
  const pct = rate * 100;
  if (pct < 0.1) return "<0.1 %";
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: pct < 10 ? 1 : 0 }).format(pct)} %`;
}

/** Whether an error rate deserves a second look. */
export function rateIsHigh(rate: number | null): boolean {
  return rate !== null && rate >= HIGH_ERROR_RATE;
}

/** The variants with their weights: "control 50 / checklist 50". */
export function variantsLine(variants: readonly Variant[]): string {
  return variants.map((v) => `${v.name} ${v.weight}`).join(" / ");
}

/** A state in one line: "on · 10 % · control 50 / checklist 50 · plans: scale_monthly_usd". */
export function stateSummary(state: FlagState): string {
  const parts = [state.enabled ? "on" : "off", percent(state.rolloutPercent)];
  const variants = variantsOf(state);
  if (variants.length > 0) parts.push(variantsLine(variants));
  const r = rulesOf(state);
  if (r.plans.length > 0) parts.push(`plans: ${r.plans.join(", ")}`);
  if (r.tenants.length > 0) parts.push(`tenants: ${r.tenants.join(", ")}`);
  if (r.exclude_tenants.length > 0) parts.push(`excluded: ${r.exclude_tenants.join(", ")}`);
  return parts.join(" · ");
}

/** A table cell's words for an environment: "on · 10 %", "on · 100 % · 3 variants". */
export function envCellText(env: FlagEnvView | null): string {
  if (env === null) return "—";
  const s = env.state;
  const n = variantsOf(s).length;
  return [s.enabled ? "on" : "off", percent(s.rolloutPercent), ...(n > 0 ? [`${n} variants`] : [])].join(" · ");
}

/** Who a state reaches, in words: "off", "on for everyone", "on for 10 % of tenants on scale_monthly_usd". */
export function stateWords(state: FlagState): string {
  if (!state.enabled) return "off";
  const r = rulesOf(state);
  const variants = variantsOf(state);
  const everyone = state.rolloutPercent === 100 && r.plans.length === 0 && r.exclude_tenants.length === 0;
  let words = everyone ? "on for everyone" : `on for ${percent(state.rolloutPercent)} of tenants`;
  if (r.plans.length > 0) words += ` on ${r.plans.join(", ")}`;
  if (r.tenants.length > 0) words += ` plus ${r.tenants.length} listed ${r.tenants.length === 1 ? "tenant" : "tenants"}`;
  if (variants.length > 0) words += ` (${variantsLine(variants)})`;
  return words;
}

/** What a saved change did: "Version 4 of new-editor runs in production: on for 10 % of tenants." */
export function savedMessage(key: string, environment: Environment, version: number, state: FlagState): string {
  return `Version ${version} of ${key} runs in ${environment}: ${stateWords(state)}.`;
}

/** The reason a one-click rollback sends. */
export function rollbackReason(fromVersion: number): string {
  return `One-click rollback from version ${fromVersion}`;
}

/** What a rollback did, with the state it went back to when the history is at hand. */
export function rolledBackMessage(key: string, environment: Environment, version: number, fromVersion: number, restored: FlagState | null): string {
  const back = `back to version ${fromVersion - 1}'s state`;
  return `Version ${version} of ${key} runs in ${environment}: ${back}${restored === null ? "" : `, ${stateWords(restored)}`}.`;
}

/** The version being edited: "v3, changed 2 days ago by ana_admin". */
export function versionLine(env: FlagEnvView, now: Date): string {
  return `v${env.version}, changed ${formatRelative(env.updatedAt, now)} by ${env.updatedBy}`;
}

/** Why a rollback cannot run, or null when it can. */
export function rollbackBlocked(flag: Pick<FlagView, "archivedAt">, env: FlagEnvView | null, online: boolean): string | null {
  if (flag.archivedAt !== null) return "An archived flag is not rolled back.";
  if (env === null || env.version <= 1) return "Nothing earlier to roll back to: this is the first version.";
  if (!online) return "Offline: rolling back needs the platform.";
  return null;
}

/** Whether a flag matches the filter's words (each in the key or the description). */
export function matchesFlag(f: Pick<FlagView, "key" | "description">, text: string | null): boolean {
  const words = (text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${f.key} ${f.description}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** A list typed one per line or comma-separated: trimmed, blanks and repeats dropped. */
export function parseList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\n,]/)) {
    const item = raw.trim();
    if (item !== "" && !out.includes(item)) out.push(item);
  }
  return out;
}

/** A whole number typed in a box (digits only), or null. */
export function parseWhole(text: string): number | null {
  const t = text.trim();
  return /^\d{1,9}$/.test(t) ? Number(t) : null;
}

/** One variant as the form holds it. */
export type VariantDraft = { name: string; weight: string };

/** The state form's boxes. */
export type FlagDraft = {
  enabled: boolean;
  rollout: string;
  variants: VariantDraft[];
  plans: string;
  tenants: string;
  excluded: string;
  /** Flag-level: comma-separated keys. */
  prerequisites: string;
};

/** The boxes for a state (and the flag's prerequisites). */
export function draftOf(state: FlagState, prerequisites: readonly string[]): FlagDraft {
  const r = rulesOf(state);
  return {
    enabled: state.enabled,
    rollout: String(state.rolloutPercent),
    variants: variantsOf(state).map((v) => ({ name: v.name, weight: String(v.weight) })),
    plans: r.plans.join("\n"),
    tenants: r.tenants.join("\n"),
    excluded: r.exclude_tenants.join("\n"),
    prerequisites: prerequisites.join(", "),
  };
}

/** The state the boxes hold, or null while a number in them is not a whole number. */
export function stateOf(draft: FlagDraft): FlagState | null {
  const rollout = parseWhole(draft.rollout);
  const weights = draft.variants.map((v) => parseWhole(v.weight));
  if (rollout === null || weights.some((w) => w === null)) return null;
  return {
    enabled: draft.enabled,
    rolloutPercent: rollout,
    variants: draft.variants.map((v, i) => ({ name: v.name.trim(), weight: weights[i] ?? 0 })),
    rules: { tenants: parseList(draft.tenants), plans: parseList(draft.plans), exclude_tenants: parseList(draft.excluded) },
  };
}

/** The weights' sum, or null while one is not a whole number. */
export function variantSum(variants: readonly VariantDraft[]): number | null {
  let sum = 0;
  for (const v of variants) {
    const w = parseWhole(v.weight);
    if (w === null) return null;
    sum += w;
  }
  return sum;
}

/** What a new variant row starts with: the weight still missing from 100. */
export function nextVariant(variants: readonly VariantDraft[]): VariantDraft {
  const sum = variantSum(variants) ?? 100;
  return { name: "", weight: String(Math.max(0, 100 - sum)) };
}

/** Whether two states are the same (list order within the targeting aside). */
export function sameState(a: FlagState, b: FlagState): boolean {
  const norm = (s: FlagState) => {
    const r = rulesOf(s);
    return JSON.stringify([s.enabled, s.rolloutPercent, variantsOf(s), [...r.tenants].sort(), [...r.plans].sort(), [...r.exclude_tenants].sort()]);
  };
  return norm(a) === norm(b);
}

/** Whether two lists hold the same items (order aside). */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/** The form's own checks before asking the core (it checks the rest itself). */
export function draftProblems(draft: FlagDraft, reason: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const rollout = parseWhole(draft.rollout);
  if (rollout === null || rollout > 100) out.rolloutPercent = ["Enter a whole percent from 0 to 100."];
  if (draft.variants.some((v) => parseWhole(v.weight) === null)) out.variants = ["Each weight is a whole percent."];
  else if (draft.variants.length === 1) out.variants = ["A flag with variants needs at least two; remove the last one for plain on/off."];
  else if (draft.variants.length > 0 && variantSum(draft.variants) !== 100) out.variants = [`The weights add up to ${variantSum(draft.variants) ?? 0}, not 100.`];
  if (reason.trim() === "") out.reason = ["Say why (it is kept with the version and in the audit trail)."];
  return out;
}

/** A flag view for one just created, until the sync brings it into the local copy. */
export function createdFlag(key: string, description: string, stagingVersion: number, by: string, now: Date): FlagView {
  return {
    key,
    description,
    owner: by,
    prerequisites: [],
    archivedAt: null,
    staging: { version: stagingVersion, state: OFF_STATE, updatedAt: now.toISOString(), updatedBy: by },
    production: null,
    evaluations24h: 0,
    errors24h: 0,
    lastEvaluated: null,
    stale: null,
  };
}

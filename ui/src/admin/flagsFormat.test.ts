import { describe, expect, it } from "vitest";
import type { FlagEnvView, FlagState, VariantSeries } from "../bindings";
import { anyEvaluations, hourGrid, orderSeries } from "./flagChartData";
import {
  draftOf,
  draftProblems,
  envCellText,
  errorRate,
  formatRate,
  matchesFlag,
  nextVariant,
  parseList,
  parseWhole,
  rateIsHigh,
  rollbackBlocked,
  rollbackReason,
  rolledBackMessage,
  sameState,
  savedMessage,
  staleWords,
  stateOf,
  stateSummary,
  stateWords,
  variantSum,
  versionLine,
} from "./flagsFormat";

const state = (over: Partial<FlagState> = {}): FlagState => ({ enabled: true, rolloutPercent: 10, variants: [], rules: { tenants: [], plans: [], exclude_tenants: [] }, ...over });
const env = (version: number, s: FlagState = state()): FlagEnvView => ({ version, state: s, updatedAt: "2026-11-01T10:00:00Z", updatedBy: "ana_admin" });

describe("state in words", () => {
  it("summarises a state in one line", () => {
    expect(stateSummary(state())).toBe("on · 10 %");
    expect(stateSummary(state({ enabled: false, rolloutPercent: 0 }))).toBe("off · 0 %");
    expect(
      stateSummary(
        state({
          variants: [
            { name: "control", weight: 50 },
            { name: "checklist", weight: 50 },
          ],
          rules: { plans: ["scale_monthly_usd"], tenants: ["t1", "t2"], exclude_tenants: ["t9"] },
        }),
      ),
    ).toBe("on · 10 % · control 50 / checklist 50 · plans: scale_monthly_usd · tenants: t1, t2 · excluded: t9");
    // The bindings allow the lists to be missing.
    expect(stateSummary({ enabled: true, rolloutPercent: 100 })).toBe("on · 100 %");
  });

  it("writes a table cell with the rollout and the number of variants", () => {
    expect(envCellText(null)).toBe("—");
    expect(envCellText(env(3))).toBe("on · 10 %");
    expect(envCellText(env(3, state({ enabled: false, rolloutPercent: 0 })))).toBe("off · 0 %");
    const three = [
      { name: "a", weight: 34 },
      { name: "b", weight: 33 },
      { name: "c", weight: 33 },
    ];
    expect(envCellText(env(3, state({ rolloutPercent: 100, variants: three })))).toBe("on · 100 % · 3 variants");
  });

  it("says whom a state reaches, and what a save or a rollback did", () => {
    expect(stateWords(state({ enabled: false }))).toBe("off");
    expect(stateWords(state({ rolloutPercent: 100 }))).toBe("on for everyone");
    expect(stateWords(state())).toBe("on for 10 % of tenants");
    expect(stateWords(state({ rules: { plans: ["scale"], tenants: ["t1"] } }))).toBe("on for 10 % of tenants on scale plus 1 listed tenant");
    expect(
      stateWords(
        state({
          variants: [
            { name: "control", weight: 50 },
            { name: "checklist", weight: 50 },
          ],
        }),
      ),
    ).toBe("on for 10 % of tenants (control 50 / checklist 50)");
    expect(savedMessage("new-editor", "production", 4, state())).toBe("Version 4 of new-editor runs in production: on for 10 % of tenants.");
    expect(rollbackReason(5)).toBe("One-click rollback from version 5");
    expect(rolledBackMessage("new-editor", "staging", 6, 5, state({ enabled: false }))).toBe("Version 6 of new-editor runs in staging: back to version 4's state, off.");
    expect(rolledBackMessage("new-editor", "staging", 6, 5, null)).toBe("Version 6 of new-editor runs in staging: back to version 4's state.");
  });

  it("names the version being edited", () => {
    expect(versionLine(env(3), new Date("2026-11-03T12:00:00Z"))).toBe("v3, changed 2 days ago by ana_admin");
  });
});

describe("staleness and errors", () => {
  it("says why a flag is stale", () => {
    expect(staleWords("fullyOn")).toBe("on for everyone 30+ days");
    expect(staleWords("fullyOff")).toBe("off 30+ days");
    expect(staleWords("notEvaluated")).toBe("not evaluated for 14 days");
  });

  it("computes and formats the error rate, highlighting 1 % and up", () => {
    expect(errorRate(0, 0)).toBeNull();
    expect(errorRate(5, 1000)).toBe(0.005);
    expect(formatRate(null, "en-US")).toBe("—");
    expect(formatRate(0, "en-US")).toBe("0 %");
    expect(formatRate(0.0004, "en-US")).toBe("<0.1 %");
    expect(formatRate(0.005, "en-US")).toBe("0.5 %");
    expect(formatRate(0.0123, "en-US")).toBe("1.2 %");
    expect(formatRate(0.456, "en-US")).toBe("46 %");
    expect(rateIsHigh(null)).toBe(false);
    expect(rateIsHigh(0.0099)).toBe(false);
    expect(rateIsHigh(0.01)).toBe(true);
  });
});

describe("rollback", () => {
  it("is off on an archived flag, a first version or offline", () => {
    const live = { archivedAt: null };
    expect(rollbackBlocked(live, env(3), true)).toBeNull();
    expect(rollbackBlocked({ archivedAt: "2026-11-01T00:00:00Z" }, env(3), true)).toMatch(/archived/);
    expect(rollbackBlocked(live, env(1), true)).toMatch(/first version/);
    expect(rollbackBlocked(live, null, true)).toMatch(/first version/);
    expect(rollbackBlocked(live, env(3), false)).toMatch(/Offline/);
  });
});

describe("the state form's draft", () => {
  it("reads lists one per line or comma-separated, and whole numbers only", () => {
    expect(parseList(" a, b\nc,,\n a ")).toEqual(["a", "b", "c"]);
    expect(parseList("")).toEqual([]);
    expect(parseWhole("10")).toBe(10);
    expect(parseWhole(" 0 ")).toBe(0);
    expect(parseWhole("1.5")).toBeNull();
    expect(parseWhole("-1")).toBeNull();
    expect(parseWhole("")).toBeNull();
  });

  it("turns a state into boxes and back", () => {
    const s = state({ variants: [{ name: "control", weight: 100 }], rules: { plans: ["scale", "pro"], tenants: ["t1"], exclude_tenants: [] } });
    const d = draftOf(s, ["base-flag"]);
    expect(d).toEqual({ enabled: true, rollout: "10", variants: [{ name: "control", weight: "100" }], plans: "scale\npro", tenants: "t1", excluded: "", prerequisites: "base-flag" });
    expect(stateOf(d)).toEqual(s);
    expect(stateOf({ ...d, rollout: "ten" })).toBeNull();
    expect(sameState(s, { ...s, rules: { plans: ["pro", "scale"], tenants: ["t1"] } })).toBe(true);
    expect(sameState(s, { ...s, rolloutPercent: 11 })).toBe(false);
  });

  it("sums the weights and starts a new variant with what is missing from 100", () => {
    expect(variantSum([])).toBe(0);
    expect(variantSum([{ name: "a", weight: "60" }, { name: "b", weight: "30" }])).toBe(90);
    expect(variantSum([{ name: "a", weight: "x" }])).toBeNull();
    expect(nextVariant([{ name: "a", weight: "60" }])).toEqual({ name: "", weight: "40" });
    expect(nextVariant([])).toEqual({ name: "", weight: "100" });
  });

  it("checks the rollout, the weights and the reason before asking", () => {
    const d = draftOf(state(), []);
    expect(draftProblems(d, "why")).toEqual({});
    expect(Object.keys(draftProblems({ ...d, rollout: "150" }, ""))).toEqual(["rolloutPercent", "reason"]);
    expect(draftProblems({ ...d, variants: [{ name: "a", weight: "100" }] }, "why").variants?.[0]).toMatch(/at least two/);
    expect(draftProblems({ ...d, variants: [{ name: "a", weight: "60" }, { name: "b", weight: "30" }] }, "why").variants).toEqual(["The weights add up to 90, not 100."]);
  });

  it("filters by words in the key or the description", () => {
    const f = { key: "new-editor", description: "The rewritten sequence editor" };
    expect(matchesFlag(f, null)).toBe(true);
    expect(matchesFlag(f, "editor SEQUENCE")).toBe(true);
    expect(matchesFlag(f, "billing")).toBe(false);
  });
});

describe("the chart's data", () => {
  const series: VariantSeries[] = [
    { variant: "off", evaluations: 30, errors: 0, hours: [{ hour: "2026-11-01T10:00:00Z", evaluations: 30, errors: 0 }] },
    {
      variant: "control",
      evaluations: 300,
      errors: 3,
      hours: [
        { hour: "2026-11-01T09:00:00Z", evaluations: 100, errors: 0 },
        { hour: "2026-11-01T11:00:00Z", evaluations: 200, errors: 3 },
      ],
    },
  ];

  it("lays every hour from the first to the last out, off last, zero where nothing ran", () => {
    expect(orderSeries(series).map((s) => s.variant)).toEqual(["control", "off"]);
    const g = hourGrid(series);
    expect(g.hours.map((t) => new Date(t).toISOString())).toEqual(["2026-11-01T09:00:00.000Z", "2026-11-01T10:00:00.000Z", "2026-11-01T11:00:00.000Z"]);
    expect(g.lines).toEqual([
      { variant: "control", evaluations: [100, 0, 200], errorRatePct: [0, null, 1.5] },
      { variant: "off", evaluations: [0, 30, 0], errorRatePct: [null, 0, null] },
    ]);
    expect(hourGrid([])).toEqual({ hours: [], lines: [] });
    expect(anyEvaluations(series)).toBe(true);
    expect(anyEvaluations([{ variant: "on", evaluations: 0, errors: 0, hours: [] }])).toBe(false);
  });
});

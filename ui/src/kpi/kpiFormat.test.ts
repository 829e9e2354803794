import { describe, expect, it } from "vitest";
import type { KpiFigure } from "../bindings";
import { DeskCommandError } from "../lib/errors";
import { byFamily, checkCustomPeriod, formatDuration, isDay, periodErrorLines, periodRefusal, presetPeriod, readFigure } from "./kpiFormat";

const at = (iso: string) => new Date(iso);

describe("periods", () => {
  it("are whole UTC days, both ends included", () => {
    const mid = at("2026-11-15T23:30:00Z");
    expect(presetPeriod("thisMonth", mid)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetPeriod("lastMonth", mid)).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(presetPeriod("thisQuarter", mid)).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(presetPeriod("last30", mid)).toEqual({ from: "2026-10-17", to: "2026-11-15" });
    expect(presetPeriod("last90", mid)).toEqual({ from: "2026-08-18", to: "2026-11-15" });
    expect(presetPeriod("thisYear", mid)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });

  it("cross year ends and leap Februaries", () => {
    expect(presetPeriod("lastMonth", at("2027-01-10T00:00:00Z"))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(presetPeriod("thisMonth", at("2028-02-10T00:00:00Z"))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(presetPeriod("thisQuarter", at("2027-03-31T12:00:00Z"))).toEqual({ from: "2027-01-01", to: "2027-03-31" });
  });
});

describe("a custom period", () => {
  it("is any two real days, the first not after the last", () => {
    expect(checkCustomPeriod("2026-11-03", "2026-11-20")).toEqual({ period: { from: "2026-11-03", to: "2026-11-20" }, errors: null });
    expect(checkCustomPeriod("2026-11-03", "2026-11-03").period).toEqual({ from: "2026-11-03", to: "2026-11-03" });
  });

  it("names the day that is missing, malformed or before the first", () => {
    expect(checkCustomPeriod("", "").errors?.fields).toEqual({ from: ["Choose the first day."], to: ["Choose the last day."] });
    expect(checkCustomPeriod("2026-11-03", "").errors?.fields).toEqual({ to: ["Choose the last day."] });
    expect(checkCustomPeriod("2026-02-30", "2026-03-01").errors?.fields).toEqual({ from: ["The first day is not a day (YYYY-MM-DD)."] });
    const reversed = checkCustomPeriod("2026-11-20", "2026-11-03");
    expect(reversed.period).toBeNull();
    expect(reversed.errors).toEqual({ general: [], fields: { to: ["The period ends before it starts."] } });
  });

  it("takes only calendar days", () => {
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2027-02-29")).toBe(false);
    expect(isDay("2026-13-01")).toBe(false);
    expect(isDay("26-11-01")).toBe(false);
    expect(isDay("2026-11-1")).toBe(false);
  });

  it("reads the core's refusal by field; other failures are not the period's", () => {
    const refusal = periodRefusal(new DeskCommandError({ code: "invalidInput", message: "from: the period is 4000 days long; at most 3660 are allowed" }));
    expect(refusal).toEqual({ general: [], fields: { from: ["The period is 4000 days long; at most 3660 are allowed."] } });
    expect(periodRefusal(new DeskCommandError({ code: "store", message: "disk full" }))).toBeNull();
    expect(periodRefusal(new Error("boom"))).toBeNull();
    expect(periodErrorLines({ general: ["Both."], fields: { to: ["To."], from: ["From."] } })).toEqual(["Both.", "From.", "To."]);
    expect(periodErrorLines(null)).toEqual([]);
  });
});

describe("durations", () => {
  it("read in the unit that suits them", () => {
    expect(formatDuration(42, "en-US")).toBe("42 s");
    expect(formatDuration(270, "en-US")).toBe("4.5 min");
    expect(formatDuration(720, "en-US")).toBe("12 min");
    expect(formatDuration(5.2 * 3600, "en-US")).toBe("5.2 h");
    expect(formatDuration(3 * 86400 + 3 * 3600, "en-US")).toBe("3.1 d");
  });
});

describe("a figure's reading", () => {
  it("shows a share with its counts and a bar", () => {
    const r = readFigure({ kind: "rate", percent: 97.5, numerator: 39, denominator: 40 }, "en-US");
    expect(r).toEqual({ main: ["97.5 %"], qualifier: null, detail: "39 of 40", bar: 97.5, state: "value" });
  });

  it("shows a median with its p90 and how many were measured", () => {
    const r = readFigure({ kind: "duration", medianSecs: 270, p90Secs: 720, samples: 58 }, "en-US");
    expect(r.main).toEqual(["4.5 min"]);
    expect(r.qualifier).toBe("median");
    expect(r.detail).toBe("p90 12 min · 58 measured");
    expect(r.bar).toBeCloseTo(37.5);
  });

  it("shows amounts per currency, never added together", () => {
    const r = readFigure({ kind: "money", amounts: [{ minor: 5000, currency: "EUR" }, { minor: 65000, currency: "USD" }], samples: 3 }, "en-US");
    expect(r.main).toEqual(["€50.00", "$650.00"]);
    expect(r.detail).toBe("3 changes");
  });

  it("keeps no data and data the role does not hold apart from a zero", () => {
    expect(readFigure({ kind: "noData", reason: "No alert was raised in the period." })).toMatchObject({ main: null, state: "noData", detail: "No alert was raised in the period." });
    expect(readFigure({ kind: "notAvailable", reason: "Your role does not sync escalations." })).toMatchObject({ main: null, state: "notAvailable", bar: null });
  });
});

describe("families", () => {
  it("group the figures in screen order and leave out empty families", () => {
    const f = (id: KpiFigure["id"], family: KpiFigure["family"]): KpiFigure => ({ id, family, title: id, definition: ".", value: { kind: "noData", reason: "-" }, rows: 0, note: null });
    const groups = byFamily([f("invoiceAccuracy", "customers"), f("uptime", "operations"), f("alertAcknowledge", "operations")]);
    expect(groups.map((g) => [g.title, g.figures.map((x) => x.id)])).toEqual([
      ["Platform operations", ["uptime", "alertAcknowledge"]],
      ["Customers & revenue", ["invoiceAccuracy"]],
    ]);
  });
});

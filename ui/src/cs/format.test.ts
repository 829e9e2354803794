import { describe, expect, it } from "vitest";
import { daysFromToday, formatDaysAgo, formatDaysUntil, formatDelta, formatMoney, fractionDigits, humanize, splitPlanName } from "./format";

describe("money in minor units", () => {
  it("knows how many minor digits a currency has", () => {
    expect(fractionDigits("USD")).toBe(2);
    expect(fractionDigits("eur")).toBe(2);
    expect(fractionDigits("JPY")).toBe(0);
    expect(fractionDigits("BHD")).toBe(3);
    expect(fractionDigits("not a code")).toBe(2);
  });

  it("divides by the currency's minor unit, never assuming cents", () => {
    expect(formatMoney(123456, "USD", { locale: "en-US" })).toBe("$1,234.56");
    expect(formatMoney(500000, "JPY", { locale: "en-US" })).toBe("¥500,000");
    expect(formatMoney(1234567, "BHD", { locale: "en-US" })).toBe("BHD\u00a01,234.567");
    expect(formatMoney(-995, "EUR", { locale: "en-US" })).toBe("-€9.95");
    expect(formatMoney(0, "GBP", { locale: "en-GB" })).toBe("£0.00");
  });

  it("rounds to whole units for ARR, and JPY stays exact", () => {
    expect(formatMoney(1_250_049, "USD", { locale: "en-US", whole: true })).toBe("$12,500");
    expect(formatMoney(1_250_050, "USD", { locale: "en-US", whole: true })).toBe("$12,501");
    expect(formatMoney(1_234_567, "JPY", { locale: "en-US", whole: true })).toBe("¥1,234,567");
  });

  it("shows the plain number without a currency, and a code Intl does not know after it", () => {
    expect(formatMoney(1234, null, { locale: "en-US" })).toBe("1,234");
    expect(formatMoney(1234, "XYZ1", { locale: "en-US" })).toBe("12.34 XYZ1");
  });
});

describe("days", () => {
  // Local noon, so the calendar day is the same in every zone the tests may run in.
  const now = new Date(2026, 10, 25, 12, 0, 0);

  it("counts calendar days from the user's today", () => {
    expect(daysFromToday("2026-11-25", now)).toBe(0);
    expect(daysFromToday("2026-12-25", now)).toBe(30);
    expect(daysFromToday("2026-11-13", now)).toBe(-12);
    expect(daysFromToday("2026-11-13T23:59:00Z", now)).toBe(-12);
    expect(daysFromToday("soon", now)).toBeNull();
  });

  it("says how long ago a touchpoint was", () => {
    expect(formatDaysAgo(null, now)).toBe("never");
    expect(formatDaysAgo("2026-11-25", now)).toBe("today");
    expect(formatDaysAgo("2026-11-24", now)).toBe("yesterday");
    expect(formatDaysAgo("2026-11-13", now)).toBe("12 d ago");
    expect(formatDaysAgo("2025-11-25", now)).toBe("365 d ago");
  });

  it("says how far away a renewal is, across a month and a leap day", () => {
    expect(formatDaysUntil("2026-11-25", now)).toBe("today");
    expect(formatDaysUntil("2026-11-26", now)).toBe("tomorrow");
    expect(formatDaysUntil("2026-12-14", now)).toBe("in 19 days");
    expect(formatDaysUntil("2026-11-20", now)).toBe("5 days ago");
    expect(formatDaysUntil("2028-03-01", new Date(2028, 1, 28, 12))).toBe("in 2 days");
  });
});

describe("words", () => {
  it("turns the core's words into labels and score changes into arrows", () => {
    expect(humanize("past_due")).toBe("Past due");
    expect(humanize("usageDrop")).toBe("Usage drop");
    expect(formatDelta(4)).toEqual({ arrow: "up", text: "▲ 4" });
    expect(formatDelta(-12)).toEqual({ arrow: "down", text: "▼ 12" });
    expect(formatDelta(0)).toEqual({ arrow: "flat", text: "–" });
    expect(splitPlanName("Enterprise (annual)")).toEqual({ name: "Enterprise", term: "annual" });
    expect(splitPlanName("Growth")).toEqual({ name: "Growth", term: null });
  });
});

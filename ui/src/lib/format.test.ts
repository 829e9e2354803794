import { describe, expect, it } from "vitest";
import { formatDayRange, formatMoney, fractionDigits, toMajor } from "./format";

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

describe("money as the core counts it", () => {
  it("uses the core's exponents, not Intl's, so a 3-decimal dinar is never shown as whole", () => {
    expect(fractionDigits("IQD")).toBe(3);
    expect(formatMoney(1234, "KWD", { locale: "en-US" })).toBe("KWD\u00a01.234");
    expect(formatMoney(1234, "IQD", { locale: "en-US" })).toBe("IQD\u00a01.234");
    expect(formatMoney(12345, "CLF", { locale: "en-US" })).toBe("CLF\u00a01.2345");
    expect(formatMoney(1234, "KRW", { locale: "en-US" })).toBe("₩1,234");
  });

  it("turns minor units into major units for chart axes", () => {
    expect(toMajor(123456, "USD")).toBe(1234.56);
    expect(toMajor(123456, "JPY")).toBe(123456);
    expect(toMajor(123456, "BHD")).toBe(123.456);
  });
});

describe("day ranges", () => {
  it("shows a billing period as one range", () => {
    expect(formatDayRange("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "en-US")).toBe("Oct 1\u2009–\u2009Nov 1, 2026");
    expect(formatDayRange("2026-12-15", "2027-01-15", "en-US")).toBe("Dec 15, 2026\u2009–\u2009Jan 15, 2027");
    expect(formatDayRange(null, null, "en-US")).toBe("—");
  });
});

describe("signed amounts", () => {
  it("spells out the sign of a movement, never of zero", () => {
    expect(formatMoney(5000, "USD", { locale: "en-US", signed: true })).toBe("+$50.00");
    expect(formatMoney(-2000, "EUR", { locale: "en-US", signed: true })).toBe("-€20.00");
    expect(formatMoney(0, "JPY", { locale: "en-US", signed: true })).toBe("¥0");
  });
});

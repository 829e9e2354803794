import { describe, expect, it } from "vitest";
import type { LiveValue, SettingApplication } from "../bindings";
import {
  boundsLabel,
  changeProblems,
  defaultRollbackEnvironment,
  differs,
  displayValue,
  draftOf,
  encodeValue,
  isNumberValue,
  liveIn,
  matchesFilter,
  promotable,
  ruleExpression,
  sameValue,
  serviceLine,
  typeLabel,
} from "./settingsFormat";

const live = (version: number, value = "1"): LiveValue => ({ version, value, appliedAt: "2026-11-02T10:00:00Z", appliedBy: "sandbox_admin" });

const applied = (environment: string, version: number): SettingApplication => ({
  environment,
  version,
  action: "promote",
  fromVersion: null,
  rationale: "why",
  appliedAt: "2026-11-02T10:00:00Z",
  appliedBy: "sandbox_admin",
});

describe("setting values", () => {
  it("reads On/Off, text without quotes and grouped numbers", () => {
    expect(displayValue("true", "en-US")).toBe("On");
    expect(displayValue("false", "en-US")).toBe("Off");
    expect(displayValue('"strict"', "en-US")).toBe("strict");
    expect(displayValue("14", "en-US")).toBe("14");
    expect(displayValue("12500.5", "en-US")).toBe("12,500.5");
    expect(displayValue("null", "en-US")).toBe("none");
    expect(displayValue(null, "en-US")).toBe("—");
    expect(displayValue("not json", "en-US")).toBe("not json");
    expect(isNumberValue("14")).toBe(true);
    expect(isNumberValue('"14"')).toBe(false);
    expect(isNumberValue(null)).toBe(false);
  });

  it("encodes what a control holds as JSON text for the type", () => {
    expect(encodeValue("number", " 21 ")).toBe("21");
    expect(encodeValue("number", "014.50")).toBe("14.5");
    expect(encodeValue("number", "")).toBeNull();
    expect(encodeValue("number", "abc")).toBeNull();
    expect(encodeValue("boolean", "true")).toBe("true");
    expect(encodeValue("boolean", "false")).toBe("false");
    expect(encodeValue("string", 'say "hi"')).toBe('"say \\"hi\\""');
    expect(encodeValue("string", "")).toBe('""');
  });

  it("starts a control from a value and compares values, not their spelling", () => {
    expect(draftOf("14")).toBe("14");
    expect(draftOf("true")).toBe("true");
    expect(draftOf('"strict"')).toBe("strict");
    expect(draftOf(null)).toBe("");
    expect(sameValue("14", "14.0")).toBe(true);
    expect(sameValue('"a"', '"b"')).toBe(false);
    expect(sameValue(null, "1")).toBe(false);
    expect(sameValue(null, null)).toBe(true);
  });
});

describe("staging and production", () => {
  it("differs when staging runs another version than production, and only then promotes", () => {
    expect(differs({ staging: live(7), production: live(6) })).toBe(true);
    expect(differs({ staging: live(7), production: live(7) })).toBe(false);
    expect(differs({ staging: live(1), production: null })).toBe(true);
    expect(differs({ staging: null, production: null })).toBe(false);
    expect(promotable({ staging: live(7), production: live(6) })).toBe(true);
    expect(promotable({ staging: null, production: live(6) })).toBe(false);
    expect(promotable({ staging: live(6), production: live(6) })).toBe(false);
  });

  it("says where a version runs and where a rollback goes by default", () => {
    expect(liveIn(7, { staging: live(7), production: live(7) })).toEqual(["staging", "production"]);
    expect(liveIn(6, { staging: live(7), production: live(6) })).toEqual(["production"]);
    expect(liveIn(5, { staging: live(7), production: null })).toEqual([]);
    expect(defaultRollbackEnvironment(5, [applied("staging", 5), applied("production", 5)])).toBe("production");
    expect(defaultRollbackEnvironment(6, [applied("staging", 6), applied("production", 5)])).toBe("staging");
  });
});

describe("setting wording", () => {
  it("names types, bounds, the service and rules", () => {
    expect(typeLabel("boolean")).toBe("On/off");
    expect(typeLabel("number")).toBe("Number");
    expect(typeLabel("string")).toBe("Text");
    expect(typeLabel("json")).toBe("json");
    expect(boundsLabel({ minValue: "1", maxValue: "60", allowedValues: null }, "en-US")).toBe("1 to 60");
    expect(boundsLabel({ minValue: "1", maxValue: null, allowedValues: null }, "en-US")).toBe("At least 1");
    expect(boundsLabel({ minValue: null, maxValue: "10000", allowedValues: null }, "en-US")).toBe("At most 10,000");
    expect(boundsLabel({ minValue: null, maxValue: null, allowedValues: ['"strict"', '"lenient"'] }, "en-US")).toBe("One of strict, lenient");
    expect(boundsLabel({ minValue: null, maxValue: null, allowedValues: null }, "en-US")).toBeNull();
    expect(serviceLine("mailer")).toBe("Promotion runs mailer's health check");
    expect(serviceLine(null)).toBe("Affects no service with a health check");
    expect(ruleExpression({ leftKey: "a.b", op: "<=", rightKey: "c.d" })).toBe("a.b <= c.d");
  });

  it("filters on every word, in the key or the description", () => {
    const s = { key: "sending.warmup_days", description: "Days a new domain warms up" };
    expect(matchesFilter(s, null)).toBe(true);
    expect(matchesFilter(s, "WARMUP")).toBe(true);
    expect(matchesFilter(s, "domain sending")).toBe(true);
    expect(matchesFilter(s, "domain billing")).toBe(false);
  });

  it("asks for a number and a rationale before sending", () => {
    expect(changeProblems("number", "x", " ")).toEqual({ value: ["Enter a number."], rationale: ["Say why (it is kept with the version and in the audit trail)."] });
    expect(changeProblems("string", "", "Because")).toEqual({});
  });
});

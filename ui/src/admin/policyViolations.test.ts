import { describe, expect, it } from "vitest";
import { DeskCommandError } from "../lib/errors";
import { parseViolation, parseViolations, refusalOf, violationsFor, violationWords } from "./policyViolations";

describe("parseViolation", () => {
  it("splits a rule's line into field, rule and why", () => {
    expect(parseViolation("min_length: rule soc2_password_length: passwords have at least 12 characters")).toEqual({
      field: "min_length",
      rule: "soc2_password_length",
      message: "passwords have at least 12 characters",
      line: "min_length: rule soc2_password_length: passwords have at least 12 characters",
    });
    const pairs = parseViolation("pairs: rule members_comply: ana_ops hold desk_ops and desk_cs together; change their roles first");
    expect(pairs.field).toBe("pairs");
    expect(pairs.rule).toBe("members_comply");
    expect(pairs.message).toBe("ana_ops hold desk_ops and desk_cs together; change their roles first");
  });

  it("keeps a type problem with its field and no rule, and a line with no field as a whole", () => {
    expect(parseViolation("max_age_days: a whole number is required")).toMatchObject({ field: "max_age_days", rule: null, message: "a whole number is required" });
    expect(parseViolation("colour: the password policy has no field colour (it has min_length, max_age_days)")).toMatchObject({
      field: "colour",
      rule: null,
    });
    expect(parseViolation("the password policy change violates compliance (2 violation(s))")).toMatchObject({ field: null, rule: null });
    expect(parseViolation("  ")).toMatchObject({ field: null });
  });

  it("words a violation for beside its field", () => {
    expect(violationWords(parseViolation("min_length: rule soc2_password_length: passwords have at least 12 characters"))).toBe(
      "soc2_password_length — passwords have at least 12 characters",
    );
    expect(violationWords(parseViolation("max_age_days: a whole number is required"))).toBe("A whole number is required.");
  });

  it("groups lines by field, blanks dropped", () => {
    const all = parseViolations(["min_length: rule a: x", "", "max_age_days: rule b: y", "min_length: rule c: z"]);
    expect(all).toHaveLength(3);
    expect(violationsFor(all, "min_length").map((v) => v.rule)).toEqual(["a", "c"]);
  });
});

describe("refusalOf", () => {
  const fields = ["min_length", "max_age_days", "rationale"];

  it("puts a refusal's field lines beside their fields and the rest above", () => {
    const e = new DeskCommandError({
      code: "invalidInput",
      message:
        "the password policy change violates compliance (2 violation(s))\nmin_length: rule soc2_password_length: passwords have at least 12 characters\nrules: not valid JSON\ncolour: no such field",
    });
    const r = refusalOf(e, fields);
    expect(r.violations.map((v) => v.field)).toEqual(["min_length"]);
    expect(r.general).toEqual(["The password policy change violates compliance (2 violation(s)).", "Rules: not valid JSON.", "Colour: no such field."]);
    expect(refusalOf(new DeskCommandError({ code: "invalidInput", message: "rationale: say why the policy changes" }), fields).violations[0]?.field).toBe("rationale");
  });

  it("keeps any other failure whole", () => {
    const e = new DeskCommandError({ code: "unreachable", message: "Changing a security policy needs the platform: min_length: odd" });
    expect(refusalOf(e, fields)).toEqual({ violations: [], general: ["Changing a security policy needs the platform: min_length: odd"] });
  });
});

import { describe, expect, it } from "vitest";
import { DeskCommandError } from "./errors";
import { asSentence, fieldErrorsOf, hasFieldErrors, NO_FIELD_ERRORS, ruleRefusalOf, splitFieldErrors, splitRuleViolations, withoutField } from "./fieldErrors";

describe("splitFieldErrors", () => {
  it("puts 'field: message' lines beside their field and the rest on top", () => {
    const split = splitFieldErrors(
      "the new account has 3 problem(s)\nemail: ana@gmail.com is not one of the company's domains (penguin.example)\nlogin: sandbox_ops is taken\nemail: already used by Ana Lee",
    );
    expect(split.general).toEqual(["The new account has 3 problem(s)."]);
    expect(split.fields).toEqual({
      email: ["ana@gmail.com is not one of the company's domains (penguin.example).", "Already used by Ana Lee."],
      login: ["sandbox_ops is taken."],
    });
  });

  it("keeps a line naming something that is not a field, or nothing after the colon, general", () => {
    const split = splitFieldErrors("note: the platform says no\nreason:\n\n  \nrow 4: bad");
    expect(split.fields).toEqual({});
    expect(split.general).toEqual(["Note: the platform says no.", "Reason:", "Row 4: bad."]);
  });

  it("takes only the fields asked for", () => {
    expect(splitFieldErrors("password: too short\nteam: unknown", ["password"])).toEqual({
      general: ["Team: unknown."],
      fields: { password: ["Too short."] },
    });
  });

  it("handles Windows line ends and a message of one line", () => {
    expect(splitFieldErrors("confirm: the two passwords differ\r\n")).toEqual({ general: [], fields: { confirm: ["The two passwords differ."] } });
    expect(splitFieldErrors("Something broke.")).toEqual({ general: ["Something broke."], fields: {} });
  });
});

describe("asSentence", () => {
  it("capitalises a plain first word and ends with a stop, keeping identifiers as spelled", () => {
    expect(asSentence(" at least 12 characters ")).toBe("At least 12 characters.");
    expect(asSentence("desk_admin and desk_finance may not be held together")).toBe("desk_admin and desk_finance may not be held together.");
    expect(asSentence("Already done!")).toBe("Already done!");
  });
});

describe("fieldErrorsOf", () => {
  it("splits an invalidInput refusal", () => {
    const e = new DeskCommandError({ code: "invalidInput", message: "reason: say why\naccount: 2 account(s) need a new owner" });
    expect(fieldErrorsOf(e)).toEqual({ general: [], fields: { reason: ["Say why."], account: ["2 account(s) need a new owner."] } });
  });

  it("shows any other error as sent, as one general message", () => {
    const e = new DeskCommandError({ code: "unreachable", message: "Creating a staff member needs the platform, and this desk is offline; the directory shows the last synced state." });
    expect(fieldErrorsOf(e)).toEqual({ general: [e.message], fields: {} });
    expect(fieldErrorsOf(new Error("email: boom")).general).toEqual(["email: boom"]);
  });
});

describe("withoutField / hasFieldErrors", () => {
  it("drops one field's errors and says whether anything is left", () => {
    const errors = splitFieldErrors("email: bad\nlogin: taken");
    expect(withoutField(errors, "email")).toEqual({ general: [], fields: { login: ["Taken."] } });
    expect(withoutField(errors, "team")).toBe(errors);
    expect(hasFieldErrors(withoutField(withoutField(errors, "email"), "login"))).toBe(false);
    expect(hasFieldErrors(NO_FIELD_ERRORS)).toBe(false);
    expect(hasFieldErrors({ general: ["x"], fields: {} })).toBe(true);
  });
});

describe("splitRuleViolations / ruleRefusalOf", () => {
  const RULE = "rule warmup_within_ramp: sending.warmup_days <= sending.ramp_days must hold in staging (30 <= 14) — warm-up ends before the ramp does";

  it("keeps each 'rule <name>: …' line as sent and splits the rest by field", () => {
    const split = splitRuleViolations(
      `the change of sending.warmup_days is refused (2 problem(s))\nvalue: sending.warmup_days must be between 1 and 60\n${RULE}`,
      ["value", "rationale"],
    );
    expect(split.rules).toEqual([{ rule: "warmup_within_ramp", line: RULE }]);
    expect(split.errors).toEqual({
      general: ["The change of sending.warmup_days is refused (2 problem(s))."],
      fields: { value: ["sending.warmup_days must be between 1 and 60."] },
    });
  });

  it("takes a line without a name or a message as general", () => {
    expect(splitRuleViolations("rule: nothing\nrule x:").rules).toEqual([]);
  });

  it("reads only invalidInput refusals for rules", () => {
    expect(ruleRefusalOf(new DeskCommandError({ code: "invalidInput", message: RULE })).rules).toHaveLength(1);
    const other = new DeskCommandError({ code: "unreachable", message: RULE });
    expect(ruleRefusalOf(other)).toEqual({ rules: [], errors: { general: [RULE], fields: {} } });
  });
});

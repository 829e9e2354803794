import { describe, expect, it } from "vitest";
import type { DeskError } from "../bindings";
import { DeskCommandError, deskErrorOf, errorMessage, unwrap, type Result } from "./errors";

describe("unwrap", () => {
  it("returns the data of an ok result", () => {
    const r: Result<number, DeskError> = { status: "ok", data: 42 };
    expect(unwrap(r)).toBe(42);
  });

  it("throws an Error that carries the typed DeskError", () => {
    const r: Result<number, DeskError> = { status: "error", error: { code: "authFailed", message: "password refused" } };
    let caught: unknown;
    try {
      unwrap(r);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DeskCommandError);
    expect(caught).toBeInstanceOf(Error);
    expect(errorMessage(caught)).toBe("password refused");
    expect(deskErrorOf(caught)).toEqual({ code: "authFailed", message: "password refused" });
    expect((caught as DeskCommandError).code).toBe("authFailed");
  });

  it("has no DeskError for other thrown values, but still a message", () => {
    expect(deskErrorOf(new Error("x"))).toBeNull();
    expect(errorMessage("plain")).toBe("plain");
    expect(errorMessage(undefined)).toMatch(/went wrong/);
  });
});

import { describe, expect, it } from "vitest";
import { sectionForShortcut, shortcutDigit, visibleSections, type ShortcutKey } from "./sections";

function key(over: Partial<ShortcutKey>): ShortcutKey {
  return { code: "", key: "", altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...over };
}

describe("visible sections", () => {
  it("orders the session's sections Home, Customers, Billing, Alerts, Operations, Admin", () => {
    expect(visibleSections(["admin", "billing", "home", "alerts"])).toEqual(["home", "billing", "alerts", "admin"]);
  });

  it("drops duplicates and names it does not know", () => {
    expect(visibleSections(["billing", "billing", "reports", "home"])).toEqual(["home", "billing"]);
  });

  it("numbers shortcuts from 1 for the first nine sections only", () => {
    expect(shortcutDigit(0)).toBe(1);
    expect(shortcutDigit(5)).toBe(6);
    expect(shortcutDigit(9)).toBeNull();
    expect(shortcutDigit(-1)).toBeNull();
  });
});

describe("section shortcuts", () => {
  const visible = visibleSections(["home", "billing", "alerts"]);

  it("maps Alt+n to the n-th visible section, not the n-th section overall", () => {
    expect(sectionForShortcut(key({ altKey: true, code: "Digit2", key: "2" }), visible)).toBe("billing");
    expect(sectionForShortcut(key({ altKey: true, code: "Digit3", key: "3" }), visible)).toBe("alerts");
  });

  it("accepts Ctrl+n and Cmd+n too", () => {
    expect(sectionForShortcut(key({ ctrlKey: true, code: "Digit1", key: "1" }), visible)).toBe("home");
    expect(sectionForShortcut(key({ metaKey: true, code: "Digit2", key: "2" }), visible)).toBe("billing");
  });

  it("reads the physical key, so macOS Alt+1 (which types ¡) still works", () => {
    expect(sectionForShortcut(key({ altKey: true, code: "Digit1", key: "¡" }), visible)).toBe("home");
  });

  it("ignores digits past the visible sections, plain digits and combined modifiers", () => {
    expect(sectionForShortcut(key({ altKey: true, code: "Digit4", key: "4" }), visible)).toBeNull();
    expect(sectionForShortcut(key({ code: "Digit1", key: "1" }), visible)).toBeNull();
    expect(sectionForShortcut(key({ altKey: true, ctrlKey: true, code: "Digit1", key: "1" }), visible)).toBeNull();
    expect(sectionForShortcut(key({ altKey: true, shiftKey: true, code: "Digit1", key: "!" }), visible)).toBeNull();
    expect(sectionForShortcut(key({ altKey: true, code: "Digit0", key: "0" }), visible)).toBeNull();
    expect(sectionForShortcut(key({ ctrlKey: true, code: "KeyK", key: "k" }), visible)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { applyTheme, otherTheme, readStoredTheme, resolveTheme, storeTheme, THEME_STORAGE_KEY, type ThemeStorage } from "./theme";

function memoryStorage(initial: Record<string, string> = {}): ThemeStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
  };
}

const refusingStorage: ThemeStorage = {
  getItem: () => {
    throw new Error("SecurityError");
  },
  setItem: () => {
    throw new Error("QuotaExceededError");
  },
};

describe("theme preference", () => {
  it("follows the system when the user never chose", () => {
    const s = memoryStorage();
    expect(resolveTheme(readStoredTheme(s), true)).toBe("dark");
    expect(resolveTheme(readStoredTheme(s), false)).toBe("light");
  });

  it("persists an explicit choice that then wins over the system", () => {
    const s = memoryStorage();
    storeTheme(s, "light");
    expect(s.data[THEME_STORAGE_KEY]).toBe("light");
    expect(resolveTheme(readStoredTheme(s), true)).toBe("light");
  });

  it("toggling twice returns to the first theme and is remembered each time", () => {
    const s = memoryStorage();
    const first = resolveTheme(readStoredTheme(s), false);
    storeTheme(s, otherTheme(first));
    expect(readStoredTheme(s)).toBe("dark");
    storeTheme(s, otherTheme(readStoredTheme(s) ?? first));
    expect(readStoredTheme(s)).toBe(first);
  });

  it("ignores a corrupted stored value", () => {
    expect(readStoredTheme(memoryStorage({ [THEME_STORAGE_KEY]: "purple" }))).toBeNull();
  });

  it("survives a storage that refuses to read or write", () => {
    expect(readStoredTheme(refusingStorage)).toBeNull();
    expect(() => storeTheme(refusingStorage, "dark")).not.toThrow();
    expect(readStoredTheme(null)).toBeNull();
  });

  it("applies the theme as data-theme on the root element", () => {
    const el = document.createElement("html");
    applyTheme(el, "dark");
    expect(el.getAttribute("data-theme")).toBe("dark");
    applyTheme(el, "light");
    expect(el.getAttribute("data-theme")).toBe("light");
  });
});

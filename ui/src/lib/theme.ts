export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "penguin-desk.theme";

/** The part of Storage the theme needs (so tests can hand in a fake). */
export type ThemeStorage = Pick<Storage, "getItem" | "setItem">;

function isTheme(v: unknown): v is Theme {
  return v === "light" || v === "dark";
}

/** The theme the user chose explicitly, or null when they never chose (or storage is unusable). */
export function readStoredTheme(storage: ThemeStorage | null): Theme | null {
  if (!storage) return null;
  try {
    const v = storage.getItem(THEME_STORAGE_KEY);
    return isTheme(v) ? v : null;
  } catch {
    return null;
  }
}

/** Remembers an explicit choice; a storage that refuses (quota, privacy mode) is ignored. */
export function storeTheme(storage: ThemeStorage | null, theme: Theme): void {
  if (!storage) return;
  try {
    storage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not persisting is acceptable: the theme still applies for this session.
  }
}

/** The stored choice wins; without one, the system's colour scheme decides. */
export function resolveTheme(stored: Theme | null, systemPrefersDark: boolean): Theme {
  return stored ?? (systemPrefersDark ? "dark" : "light");
}

export function otherTheme(theme: Theme): Theme {
  return theme === "dark" ? "light" : "dark";
}

/** Sets data-theme on the root element, which the CSS variables key on. */
export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

export function browserStorage(): ThemeStorage | null {
  try {
    return typeof window !== "undefined" ? window.localStorage : null;
  } catch {
    return null;
  }
}

export const DARK_QUERY = "(prefers-color-scheme: dark)";

export function systemPrefersDark(): boolean {
  return typeof window !== "undefined" && typeof window.matchMedia === "function"
    ? window.matchMedia(DARK_QUERY).matches
    : false;
}

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  applyTheme,
  browserStorage,
  DARK_QUERY,
  otherTheme,
  readStoredTheme,
  resolveTheme,
  storeTheme,
  systemPrefersDark,
  type Theme,
} from "../lib/theme";

type ThemeApi = { theme: Theme; toggle: () => void; setTheme: (t: Theme) => void };

const ThemeContext = createContext<ThemeApi | null>(null);

type ThemeState = { stored: Theme | null; systemDark: boolean };

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<ThemeState>(() => ({
    stored: readStoredTheme(browserStorage()),
    systemDark: systemPrefersDark(),
  }));
  const theme = resolveTheme(state.stored, state.systemDark);

  useEffect(() => {
    applyTheme(document.documentElement, theme);
  }, [theme]);

  // Follow the system while the user has not chosen explicitly.
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const mq = window.matchMedia(DARK_QUERY);
    const onChange = (e: MediaQueryListEvent) => setState((s) => ({ ...s, systemDark: e.matches }));
    mq.addEventListener("change", onChange);
    return () => mq.removeEventListener("change", onChange);
  }, []);

  const setTheme = useCallback((t: Theme) => {
    storeTheme(browserStorage(), t);
    setState((s) => ({ ...s, stored: t }));
  }, []);

  const toggle = useCallback(() => setTheme(otherTheme(theme)), [setTheme, theme]);

  const api = useMemo(() => ({ theme, toggle, setTheme }), [theme, toggle, setTheme]);
  return <ThemeContext.Provider value={api}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeApi {
  const ctx = useContext(ThemeContext);
  if (!ctx) throw new Error("useTheme must be used inside <ThemeProvider>");
  return ctx;
}

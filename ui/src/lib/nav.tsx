import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Section } from "../bindings";

/** Where the window is: a section and, in Customers, the account open in its 360 (if any). */
export type NavApi = {
  /** The section chosen (the shell falls back when the session lacks it). */
  section: Section;
  /** The account whose 360 shows in Customers, or null for the book. */
  account: string | null;
  go: (section: Section) => void;
  /** Switches to Customers and shows the account's 360. */
  openAccount: (tenantId: string) => void;
  /** Back to the book (its filters and scroll position are kept). */
  closeAccount: () => void;
};

const NavContext = createContext<NavApi | null>(null);

export function NavProvider({ children, initial = "home" }: { children: ReactNode; initial?: Section }) {
  const [section, setSection] = useState<Section>(initial);
  const [account, setAccount] = useState<string | null>(null);

  const go = useCallback((s: Section) => setSection(s), []);
  const openAccount = useCallback((tenantId: string) => {
    setSection("customers");
    setAccount(tenantId);
  }, []);
  const closeAccount = useCallback(() => setAccount(null), []);

  const api = useMemo(
    () => ({ section, account, go, openAccount, closeAccount }),
    [section, account, go, openAccount, closeAccount],
  );
  return <NavContext.Provider value={api}>{children}</NavContext.Provider>;
}

export function useNav(): NavApi {
  const ctx = useContext(NavContext);
  if (!ctx) throw new Error("useNav must be used inside <NavProvider>");
  return ctx;
}

/** Whether a key event comes from somewhere the user types (so single-key shortcuts stay off). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset", "range", "color"].includes(type);
}

/** Whether a modal (dialog, menu, palette) is open: page shortcuts wait until it closes. */
export function overlayOpen(): boolean {
  return document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"]') !== null;
}

/** A plain single-key shortcut: no modifier, not typing, nothing modal open. */
export function isPlainShortcut(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey && !e.defaultPrevented && !isTypingTarget(e.target) && !overlayOpen();
}

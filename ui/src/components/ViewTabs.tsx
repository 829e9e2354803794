// The tab bar over a screen's sub-views (Admin, Operations, Billing, Alerts): one button per view with
// its icon, label and optional key hint, the active one marked, and ←/→ (Home/End) moving
// between tabs when the bar has the keyboard, as a tablist should. Each screen used to spell
// the same bar out itself.
import type { KeyboardEvent } from "react";
import type { LucideIcon } from "lucide-react";
import { Kbd } from "./Kbd";

export type ViewTab = {
  label: string;
  icon: LucideIcon;
  /** The tooltip (e.g. the view's full title with its shortcut). */
  title?: string;
  /** A key hint shown on the tab. */
  kbd?: string;
};

type Props<V extends string> = {
  /** What the bar is for, for assistive technology ("Admin views"). */
  label: string;
  views: readonly V[];
  active: V;
  tab: (view: V) => ViewTab;
  onOpen: (view: V) => void;
  /** data-testid of each tab: `${testIdPrefix}${view}`. */
  testIdPrefix: string;
};

export function ViewTabs<V extends string>({ label, views, active, tab, onOpen, testIdPrefix }: Props<V>) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const at = views.indexOf(active);
    const next =
      e.key === "ArrowRight"
        ? (at + 1) % views.length
        : e.key === "ArrowLeft"
          ? (at - 1 + views.length) % views.length
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? views.length - 1
              : null;
    const view = next === null ? undefined : views[next];
    if (view === undefined) return;
    e.preventDefault();
    onOpen(view);
    const bar = e.currentTarget;
    requestAnimationFrame(() => bar.querySelector<HTMLButtonElement>('[aria-selected="true"]')?.focus());
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {views.map((v) => {
        const t = tab(v);
        const Icon = t.icon;
        const isActive = v === active;
        return (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={isActive}
            tabIndex={isActive ? 0 : -1}
            className={`tab${isActive ? " active" : ""}`}
            data-testid={`${testIdPrefix}${v}`}
            title={t.title}
            onClick={() => onOpen(v)}
          >
            <Icon size={12} aria-hidden />
            {t.label}
            {t.kbd !== undefined ? <Kbd>{t.kbd}</Kbd> : null}
          </button>
        );
      })}
    </div>
  );
}

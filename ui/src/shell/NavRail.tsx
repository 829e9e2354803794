import * as Tooltip from "@radix-ui/react-tooltip";
import type { AlertCounts, Section } from "../bindings";
import { Kbd } from "../components/Kbd";
import { SECTION_LABELS, shortcutDigit } from "../lib/sections";
import { SECTION_ICONS } from "./sectionIcons";

type Props = {
  sections: readonly Section[];
  current: Section;
  onSelect: (s: Section) => void;
  modLabel: string;
  /** Open, overdue and critical alerts, for the Alerts item's count. */
  alertCounts?: AlertCounts;
};

export function NavRail({ sections, current, onSelect, modLabel, alertCounts }: Props) {
  return (
    <nav className="rail" aria-label="Sections">
      <div className="rail-brand">
        <div className="brand-mark brand-mark-small" aria-hidden>
          PD
        </div>
        <span className="rail-brand-name">Penguin Desk</span>
      </div>
      <ul className="rail-list">
        {sections.map((s, i) => {
          const Icon = SECTION_ICONS[s];
          const digit = shortcutDigit(i);
          const active = s === current;
          return (
            <li key={s}>
              <Tooltip.Root>
                <Tooltip.Trigger asChild>
                  <button
                    type="button"
                    className={`rail-item${active ? " active" : ""}`}
                    data-testid={`nav-${s}`}
                    aria-current={active ? "page" : undefined}
                    onClick={() => onSelect(s)}
                  >
                    <Icon size={15} aria-hidden />
                    <span>{SECTION_LABELS[s]}</span>
                    {s === "alerts" && alertCounts ? <AlertCount counts={alertCounts} /> : null}
                  </button>
                </Tooltip.Trigger>
                {digit !== null ? (
                  <Tooltip.Portal>
                    <Tooltip.Content className="tooltip" side="right" sideOffset={6}>
                      Go to {SECTION_LABELS[s]} <Kbd>{modLabel}</Kbd>
                      <Kbd>{digit}</Kbd>
                    </Tooltip.Content>
                  </Tooltip.Portal>
                ) : null}
              </Tooltip.Root>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Open alerts beside Alerts; red while any is overdue or critical. */
function AlertCount({ counts }: { counts: AlertCounts }) {
  if (counts.open <= 0) return null;
  const urgent = counts.overdue > 0 || counts.critical > 0;
  const parts = [`${counts.open} open`];
  if (counts.overdue > 0) parts.push(`${counts.overdue} overdue`);
  if (counts.critical > 0) parts.push(`${counts.critical} critical`);
  return (
    <em
      className={`rail-count${urgent ? " is-urgent" : ""}`}
      data-testid="nav-alerts-count"
      data-urgent={urgent}
      aria-label={parts.join(", ")}
      title={parts.join(" · ")}
    >
      {counts.open > 999 ? "999+" : counts.open}
    </em>
  );
}

// The security policies as a keyboard list (six rows, so not virtualised): each policy's title,
// what it governs, its live rules in one line, its version and who changed it when. Keys
// (useKeyboardTable): the arrows or j/k, Home/End move the choice; Enter or a click opens the
// policy in the panel.
import { useLayoutEffect, useRef, type ReactNode } from "react";
import type { PolicyView } from "../bindings";
import type { ListPosition } from "../lib/grid";
import { useKeyboardTable } from "../lib/useKeyboardTable";
import { formatAbsolute } from "../lib/time";
import { useNow } from "../lib/useNow";
import { changedLine, policySummary } from "./policiesFormat";
import { policyTitle } from "./policyFields";
import { VersionTag } from "./settingsParts";

type Props = {
  /** The policies listed, or undefined while the first answer is awaited. */
  rows: PolicyView[] | undefined;
  position: ListPosition;
  /** The policy open in the panel (its row is marked), or null. */
  openName: string | null;
  onOpen: (name: string) => void;
  /** The choice moved to another row (the panel, when open, follows it). */
  onChoose: (name: string) => void;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
};

export function PoliciesList({ rows, position, openName, onOpen, onChoose, empty }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow(30_000);
  const total = rows?.length ?? 0;
  const names = rows?.map((p) => p.name) ?? [];
  // The view hands the list the keyboard; the choice starts where the list was left. Six rows:
  // Page Up/Down go to the ends.
  const { current, select, onKeyDown } = useKeyboardTable(names, null, onOpen, onChoose, {
    position,
    pageRows: () => total,
    scrollTo: (index) => {
      const name = names[index];
      if (name !== undefined) scrollRef.current?.querySelector(`#policy-option-${name}`)?.scrollIntoView({ block: "nearest" });
    },
  });

  // Back from elsewhere: the list scrolls to where it was left.
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = position.scrollTop;
  }, [position]);

  const active = rows?.[current];
  return (
    <div
      ref={scrollRef}
      className="policies-list"
      role="listbox"
      aria-label="Security policies"
      aria-activedescendant={active === undefined ? undefined : `policy-option-${active.name}`}
      aria-busy={rows === undefined}
      tabIndex={0}
      data-testid="policies-list"
      onKeyDown={onKeyDown}
      onScroll={(e) => position.saveScroll(e.currentTarget.scrollTop)}
    >
      {rows !== undefined && total === 0 ? empty : null}
      {(rows ?? []).map((p, i) => {
        const isSelected = i === current;
        return (
          <div
            key={p.name}
            id={`policy-option-${p.name}`}
            role="option"
            aria-selected={isSelected}
            className={`policy-row${isSelected ? " is-selected" : ""}${p.name === openName ? " is-active" : ""}`}
            data-testid={`policy-row-${p.name}`}
            data-name={p.name}
            onClick={() => {
              select(i);
              onOpen(p.name);
            }}
          >
            <div className="policy-row-head">
              <span className="policy-title" data-testid="policy-title">
                {policyTitle(p.name)}
              </span>
              <VersionTag version={p.version} />
              <span className="faint small policy-changed" data-testid="policy-changed" title={p.changedAt === null ? undefined : formatAbsolute(p.changedAt)}>
                {changedLine(p, now)}
              </span>
            </div>
            <span className="muted small policy-description">{p.description}</span>
            <span className="mono-small policy-summary" data-testid="policy-summary">
              {policySummary(p.name, p.rules)}
            </span>
          </div>
        );
      })}
    </div>
  );
}

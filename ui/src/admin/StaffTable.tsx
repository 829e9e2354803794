// The directory as a keyboard grid (a few hundred rows at most, so not virtualised): name,
// login, e-mail, team, role chips and whether the account may sign in. Keys: arrows or j/k,
// Page Up/Down, Home/End move the choice; Enter or a click opens the member in the panel.
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { StaffView } from "../bindings";
import { nextIndex, type ListPosition } from "../lib/grid";
import { RoleChips } from "./parts";
import { statusLabel, teamLabel } from "./staffFormat";

/** Height of a row (one line), px. */
const ROW_HEIGHT = 34;
const TEMPLATE = "minmax(150px, 1.2fr) minmax(110px, 0.8fr) minmax(170px, 1.3fr) minmax(110px, 0.7fr) minmax(150px, 1.1fr) 100px";
const HEADERS = ["Name", "Login", "E-mail", "Team", "Roles", "Status"];

/** j and k move like the arrows (as in a mail client). */
const VIM_KEYS: Record<string, string> = { j: "ArrowDown", k: "ArrowUp" };

type Props = {
  /** The members listed, or undefined while the first answer is awaited. */
  rows: StaffView[] | undefined;
  position: ListPosition;
  /** The member open in the panel (their row is marked), or null. */
  openLogin: string | null;
  onOpen: (member: StaffView) => void;
  /** The choice moved to another row (the panel, when open, follows it). */
  onChoose: (member: StaffView) => void;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
};

export function StaffTable({ rows, position, openLogin, onOpen, onChoose, empty }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(() => position.selected);
  const total = rows?.length ?? 0;
  const current = Math.min(selected, Math.max(total - 1, 0));

  // Back from elsewhere: the list scrolls to where it was left.
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = position.scrollTop;
  }, [position]);

  const select = (index: number) => {
    setSelected(index);
    position.saveSelected(index);
    const member = rows?.[index];
    if (member) onChoose(member);
    scrollRef.current?.querySelector(`#staff-row-${index}`)?.scrollIntoView({ block: "nearest" });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      const member = rows?.[current];
      if (member) {
        e.preventDefault();
        onOpen(member);
      }
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const next = nextIndex(VIM_KEYS[e.key] ?? e.key, current, total, pageRows);
    if (next === null) return;
    e.preventDefault();
    select(next);
  };

  return (
    <div
      ref={scrollRef}
      className="book-grid staff-grid"
      role="grid"
      aria-label="Staff directory"
      aria-rowcount={total + 1}
      aria-colcount={HEADERS.length}
      aria-activedescendant={total > 0 ? `staff-row-${current}` : undefined}
      aria-busy={rows === undefined}
      tabIndex={0}
      data-testid="staff-grid"
      data-total={rows?.length}
      onKeyDown={onKeyDown}
      onScroll={(e) => position.saveScroll(e.currentTarget.scrollTop)}
    >
      <div className="book-inner staff-inner">
        <div className="book-head" role="rowgroup">
          <div className="book-row book-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: TEMPLATE }}>
            {HEADERS.map((h) => (
              <div key={h} role="columnheader" className="book-cell book-th">
                {h}
              </div>
            ))}
          </div>
        </div>
        {rows !== undefined && total === 0 ? empty : null}
        <div className="staff-body" role="rowgroup">
          {(rows ?? []).map((m, i) => {
            const isSelected = i === current;
            return (
              <div
                key={m.id}
                id={`staff-row-${i}`}
                role="row"
                aria-rowindex={i + 2}
                aria-selected={isSelected}
                className={`book-row${isSelected ? " is-selected" : ""}${m.login === openLogin ? " is-active" : ""}${m.active ? "" : " is-inactive"}`}
                style={{ gridTemplateColumns: TEMPLATE, height: ROW_HEIGHT }}
                data-testid="staff-row"
                data-login={m.login}
                onClick={() => {
                  select(i);
                  onOpen(m);
                }}
              >
                <div role="gridcell" className="book-cell">
                  <span className="cell-text" title={m.fullName} data-testid="staff-name">
                    {m.fullName}
                  </span>
                </div>
                <div role="gridcell" className="book-cell">
                  <span className="cell-text mono-small" data-testid="staff-login">
                    {m.login}
                  </span>
                </div>
                <div role="gridcell" className="book-cell">
                  <span className="cell-text muted" title={m.email}>
                    {m.email}
                  </span>
                </div>
                <div role="gridcell" className="book-cell">
                  <span className="cell-text">{teamLabel(m.team)}</span>
                </div>
                <div role="gridcell" className="book-cell">
                  <RoleChips roles={m.roles} />
                </div>
                <div role="gridcell" className="book-cell">
                  <StatusMark active={m.active} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Active or deactivated, as a small badge. */
export function StatusMark({ active }: { active: boolean }) {
  return (
    <span className={`badge ${active ? "badge-ok" : "badge-muted"}`} data-testid="staff-status" data-active={active}>
      {statusLabel({ active })}
    </span>
  );
}

// The directory as a keyboard grid (a few hundred rows at most, so not virtualised): name,
// login, e-mail, team, role chips and whether the account may sign in. Keys (useKeyboardTable):
// arrows or j/k, Page Up/Down, Home/End move the choice; Enter or a click opens the member in the
// panel.
import { useLayoutEffect, useRef, type ReactNode } from "react";
import type { StaffView } from "../bindings";
import type { ListPosition } from "../lib/grid";
import { useKeyboardTable } from "../lib/useKeyboardTable";
import { RoleChips } from "./parts";
import { statusLabel, teamLabel } from "./staffFormat";

/** Height of a row (one line), px. */
const ROW_HEIGHT = 34;
const TEMPLATE = "minmax(150px, 1.2fr) minmax(110px, 0.8fr) minmax(170px, 1.3fr) minmax(110px, 0.7fr) minmax(150px, 1.1fr) 100px";
const HEADERS = ["Name", "Login", "E-mail", "Team", "Roles", "Status"];

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
  const total = rows?.length ?? 0;
  // The view hands the grid the keyboard; the choice starts where the list was left.
  const { current, select, onKeyDown } = useKeyboardTable(rows ?? [], null, onOpen, onChoose, {
    position,
    pageRows: () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1),
    scrollTo: (index) => scrollRef.current?.querySelector(`#staff-row-${index}`)?.scrollIntoView({ block: "nearest" }),
  });

  // Back from elsewhere: the list scrolls to where it was left.
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = position.scrollTop;
  }, [position]);

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

// The settings as a dense keyboard grid (a few dozen rows, so not virtualised): key, what it
// does, its type, what staging and production run (with their versions) and whether staging
// waits for a promotion. Keys (useKeyboardTable): arrows or j/k, Page Up/Down, Home/End move the
// choice; Enter or a click opens the setting in the panel.
import { useLayoutEffect, useRef, type ReactNode } from "react";
import type { LiveValue, SettingView } from "../bindings";
import type { ListPosition } from "../lib/grid";
import { useKeyboardTable } from "../lib/useKeyboardTable";
import { differs, isNumberValue, typeLabel } from "./settingsFormat";
import { SettingValue, VersionTag } from "./settingsParts";

/** Height of a row (one line), px. */
const ROW_HEIGHT = 34;
const TEMPLATE = "minmax(170px, 1.1fr) minmax(180px, 1.6fr) 64px 130px 130px 76px";
const HEADERS = ["Key", "Description", "Type", "Staging", "Production", ""];
/** Beside the open panel there is no room for the description (the panel shows it). */
const COMPACT_TEMPLATE = "minmax(150px, 1fr) 58px 110px 110px 70px";
const COMPACT_HEADERS = ["Key", "Type", "Staging", "Production", ""];

type Props = {
  /** The settings listed, or undefined while the first answer is awaited. */
  rows: SettingView[] | undefined;
  position: ListPosition;
  /** The setting open in the panel (its row is marked), or null. */
  openKey: string | null;
  onOpen: (setting: SettingView) => void;
  /** The choice moved to another row (the panel, when open, follows it). */
  onChoose: (setting: SettingView) => void;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
};

export function SettingsTable({ rows, position, openKey, onOpen, onChoose, empty }: Props) {
  const compact = openKey !== null;
  const template = compact ? COMPACT_TEMPLATE : TEMPLATE;
  const headers = compact ? COMPACT_HEADERS : HEADERS;
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = rows?.length ?? 0;
  // The view hands the grid the keyboard; the choice starts where the list was left.
  const { current, select, onKeyDown } = useKeyboardTable(rows ?? [], null, onOpen, onChoose, {
    position,
    pageRows: () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1),
    scrollTo: (index) => scrollRef.current?.querySelector(`#setting-row-${index}`)?.scrollIntoView({ block: "nearest" }),
  });

  // Back from elsewhere: the list scrolls to where it was left.
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = position.scrollTop;
  }, [position]);

  return (
    <div
      ref={scrollRef}
      className="book-grid settings-table"
      role="grid"
      aria-label="Platform settings"
      aria-rowcount={total + 1}
      aria-colcount={headers.length}
      aria-activedescendant={total > 0 ? `setting-row-${current}` : undefined}
      aria-busy={rows === undefined}
      tabIndex={0}
      data-testid="settings-table"
      data-total={rows?.length}
      onKeyDown={onKeyDown}
      onScroll={(e) => position.saveScroll(e.currentTarget.scrollTop)}
    >
      <div className={`book-inner settings-inner${compact ? " is-compact" : ""}`}>
        <div className="book-head" role="rowgroup">
          <div className="book-row book-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {headers.map((h, i) => (
              <div key={i} role="columnheader" className="book-cell book-th" aria-label={h === "" ? "Waiting for promotion" : undefined}>
                {h}
              </div>
            ))}
          </div>
        </div>
        {rows !== undefined && total === 0 ? empty : null}
        <div className="settings-body" role="rowgroup">
          {(rows ?? []).map((s, i) => {
            const isSelected = i === current;
            return (
              <div
                key={s.key}
                id={`setting-row-${i}`}
                role="row"
                aria-rowindex={i + 2}
                aria-selected={isSelected}
                className={`book-row${isSelected ? " is-selected" : ""}${s.key === openKey ? " is-active" : ""}`}
                style={{ gridTemplateColumns: template, height: ROW_HEIGHT }}
                data-testid="setting-row"
                data-key={s.key}
                onClick={() => {
                  select(i);
                  onOpen(s);
                }}
              >
                <div role="gridcell" className="book-cell">
                  <span className="cell-text mono-small" title={s.key} data-testid="setting-key">
                    {s.key}
                  </span>
                </div>
                {compact ? null : (
                  <div role="gridcell" className="book-cell">
                    <span className="cell-text muted" title={s.description}>
                      {s.description}
                    </span>
                  </div>
                )}
                <div role="gridcell" className="book-cell">
                  <span className="cell-text faint">{typeLabel(s.valueType)}</span>
                </div>
                <LiveCell live={s.staging} testId="setting-staging" />
                <LiveCell live={s.production} testId="setting-production" />
                <div role="gridcell" className="book-cell">
                  {differs(s) ? (
                    <span className="badge badge-warn" data-testid="setting-pending" title="Staging runs another version than production: it waits for a promotion.">
                      Differs
                    </span>
                  ) : null}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** What one environment runs: the value (numbers to the right) and its version. */
function LiveCell({ live, testId }: { live: LiveValue | null; testId: string }) {
  return (
    <div role="gridcell" className={`book-cell setting-live-cell${live !== null && isNumberValue(live.value) ? " is-number" : ""}`} data-testid={testId}>
      {live === null ? (
        <span className="faint">Not set</span>
      ) : (
        <>
          <SettingValue json={live.value} />
          <VersionTag version={live.version} />
        </>
      )}
    </div>
  );
}

// The keyboard of a table of records held whole in memory (a plain <table role="grid">, a div
// grid or listbox, the flags' virtualised grid; not the book, invoices or audit trail, whose rows
// arrive a window at a time): arrows, j/k, Page Up/Down and Home/End move the choice (the row is
// scrolled into view and `onChoose` told, so an open panel follows), Enter opens the chosen
// record, and a click chooses and opens it. Attach `table` for the table to take focus when it
// shows and `body` for the chosen row to be scrolled into view; a list whose view hands it the
// keyboard and keeps its place passes `position`, `pageRows` and `scrollTo` instead.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { nextIndex, type ListPosition } from "./grid";

const VIM_KEYS: Record<string, string> = { j: "ArrowDown", k: "ArrowUp" };

export type KeyboardTableOptions = {
  /** Where the list was left: the choice starts on its row (not the open record's) and each choice is noted in it. */
  position?: ListPosition;
  /** How many rows Page Up/Down move, asked at the key press (default 10). */
  pageRows?: () => number;
  /** Brings row `index` into view (default: the `body`'s row, scrolled into view). */
  scrollTo?: (index: number) => void;
};

export function useKeyboardTable<T>(
  records: readonly T[],
  open: T | null,
  onOpen: (record: T) => void,
  onChoose: (record: T) => void,
  { position, pageRows, scrollTo }: KeyboardTableOptions = {},
) {
  const [selected, setSelected] = useState(() => position?.selected ?? (open === null ? 0 : Math.max(0, records.indexOf(open))));
  const current = Math.min(selected, Math.max(records.length - 1, 0));
  const body = useRef<HTMLTableSectionElement>(null);
  const table = useRef<HTMLTableElement>(null);

  // The table takes the keyboard as soon as it shows.
  useEffect(() => {
    table.current?.focus({ preventScroll: true });
  }, []);

  /** Moves the choice to row `index`: noted, told and scrolled into view. */
  const select = (index: number) => {
    setSelected(index);
    position?.saveSelected(index);
    const record = records[index];
    if (record !== undefined) onChoose(record);
    if (scrollTo) scrollTo(index);
    else body.current?.rows[index]?.scrollIntoView({ block: "nearest" });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      const record = records[current];
      if (record !== undefined) {
        e.preventDefault();
        onOpen(record);
      }
      return;
    }
    const next = nextIndex(VIM_KEYS[e.key] ?? e.key, current, records.length, pageRows ? pageRows() : 10);
    if (next === null) return;
    e.preventDefault();
    select(next);
  };
  /** A click on row `index`: chooses it and opens it. */
  const openRow = (index: number) => {
    setSelected(index);
    position?.saveSelected(index);
    const record = records[index];
    if (record !== undefined) onOpen(record);
  };

  return { current, table, body, onKeyDown, select, openRow };
}

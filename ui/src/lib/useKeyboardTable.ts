// The keyboard of a small table of named records (a plain <table role="grid">, not the
// virtualised grid): it takes focus when it shows, arrows, j/k, Page Up/Down and Home/End move
// the choice (the row is scrolled into view and `onChoose` told, so an open panel follows),
// Enter opens the chosen record, and a click chooses and opens it.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { nextIndex } from "./grid";

const VIM_KEYS: Record<string, string> = { j: "ArrowDown", k: "ArrowUp" };

export function useKeyboardTable(
  names: readonly string[],
  open: string | null,
  onOpen: (name: string) => void,
  onChoose: (name: string) => void,
) {
  const [selected, setSelected] = useState(() => Math.max(0, names.indexOf(open ?? "")));
  const current = Math.min(selected, Math.max(names.length - 1, 0));
  const body = useRef<HTMLTableSectionElement>(null);
  const table = useRef<HTMLTableElement>(null);

  // The table takes the keyboard as soon as it shows.
  useEffect(() => {
    table.current?.focus({ preventScroll: true });
  }, []);

  const select = (index: number) => {
    setSelected(index);
    const name = names[index];
    if (name !== undefined) onChoose(name);
    body.current?.rows[index]?.scrollIntoView({ block: "nearest" });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      const name = names[current];
      if (name !== undefined) {
        e.preventDefault();
        onOpen(name);
      }
      return;
    }
    const next = nextIndex(VIM_KEYS[e.key] ?? e.key, current, names.length, 10);
    if (next === null) return;
    e.preventDefault();
    select(next);
  };
  /** A click on row `index`: chooses it and opens it. */
  const openRow = (index: number) => {
    setSelected(index);
    const name = names[index];
    if (name !== undefined) onOpen(name);
  };

  return { current, table, body, onKeyDown, openRow };
}

// A list's free-text filter (words, a number or a prefix): typed freely and sent to the core
// once typing pauses, so a long list is not asked again at every keystroke; Esc empties the box
// before it does anything else. Shared by the invoice list, the alert inbox and the audit trail.
import { Search } from "lucide-react";
import { useEffect, useState } from "react";

/** How long typing must pause before the list is asked again. */
export const FILTER_TYPING_PAUSE_MS = 200;

type FilterTextProps = {
  value: string | null;
  onCommit: (value: string | null) => void;
  label: string;
  placeholder: string;
  testId: string;
  /** A magnifier in the box (the word search). */
  icon?: boolean;
  /** A datalist of suggestions. */
  list?: string;
};

/** A text filter typed freely and sent once typing pauses; Esc empties it first. */
export function FilterText({ value, onCommit, label, placeholder, testId, icon = false, list }: FilterTextProps) {
  const [text, setText] = useState(value ?? "");
  const [seen, setSeen] = useState(value);
  // Cleared from outside (a Clear button): empty the box too.
  if (value !== seen) {
    setSeen(value);
    if (value === null) setText("");
  }
  useEffect(() => {
    const typed = text.trim() === "" ? null : text.trim();
    if (typed === value) return;
    const t = window.setTimeout(() => onCommit(typed), FILTER_TYPING_PAUSE_MS);
    return () => window.clearTimeout(t);
  }, [text, value, onCommit]);
  return (
    <div className={`search-box${icon ? "" : " search-box-plain"}`}>
      {icon ? <Search size={13} aria-hidden /> : null}
      <input
        className="input input-small"
        type={icon ? "search" : "text"}
        aria-label={label}
        placeholder={placeholder}
        data-testid={testId}
        list={list}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && text !== "") {
            // Esc empties the box first; a second Esc reaches the screen (closing a panel, say).
            e.preventDefault();
            e.stopPropagation();
            setText("");
          }
        }}
        autoComplete="off"
        spellCheck={false}
      />
    </div>
  );
}

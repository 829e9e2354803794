// The investigation note box, in the alert's detail and in the inbox's note dialog: works
// offline (the note shows as pending until the platform has it); Ctrl/Cmd-Enter saves; Esc
// leaves the box (a second Esc then goes back); what was typed stays when the core refuses it.
import { CircleAlert } from "lucide-react";
import { useId, useState, type KeyboardEvent, type Ref, type SyntheticEvent } from "react";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { isMacPlatform } from "../lib/sections";
import { codePoints } from "../signin/profileSchema";
import { useAddAlertNote } from "./queries";

/** The core's limit on a note (crates/desk-core/src/alerts.rs, NOTE_MAX). */
export const ALERT_NOTE_MAX = 4000;

/** What is wrong with a note before it is sent, or null. */
export function alertNoteProblem(body: string): string | null {
  const t = body.trim();
  if (t === "") return "Write what you found.";
  if (codePoints(t) > ALERT_NOTE_MAX) return `At most ${ALERT_NOTE_MAX} characters.`;
  return null;
}

/** "note: at most 4000 characters" → "At most 4000 characters." */
export function coreNoteMessage(message: string): string {
  const t = message.replace(/^note:\s*/i, "").trim();
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

type Props = {
  alertId: number;
  online: boolean;
  boxRef?: Ref<HTMLTextAreaElement>;
  autoFocus?: boolean;
  /** After the note is saved (the dialog closes). */
  onSaved?: () => void;
  /** Inside a dialog: Esc in an empty box closes it. */
  inDialog?: boolean;
};

export function NoteForm({ alertId, online, boxRef, autoFocus, onSaved, inDialog = false }: Props) {
  const [body, setBody] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const [coreError, setCoreError] = useState<string | null>(null);
  const add = useAddAlertNote();
  const toast = useToast();
  const id = useId();
  const mac = isMacPlatform();
  const error = (submitted ? alertNoteProblem(body) : null) ?? coreError;

  const submit = () => {
    setSubmitted(true);
    if (alertNoteProblem(body) !== null || add.isPending) return;
    add.mutate(
      { id: alertId, body: body.trim() },
      {
        onSuccess: () => {
          toast.show(online ? "Note saved" : "Note saved on this laptop; it will be sent when the platform is reachable");
          setBody("");
          setSubmitted(false);
          setCoreError(null);
          onSaved?.();
        },
        onError: (e) => {
          const desk = deskErrorOf(e);
          setCoreError(desk?.code === "invalidInput" ? coreNoteMessage(desk.message) : errorMessage(e));
        },
      },
    );
  };

  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
  const onBoxKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== "Escape") return;
    // In a dialog with nothing typed, Esc closes it (Radix does); otherwise Esc only leaves the
    // box, so nothing typed is lost by accident.
    if (inDialog && body.trim() === "") return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.blur();
  };

  return (
    <form className="form note-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid="alert-note-form">
      <div className={`field${error ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-body`}>
          Add a note <Kbd>N</Kbd>
        </label>
        <textarea
          ref={boxRef}
          id={`${id}-body`}
          className="input textarea"
          rows={3}
          maxLength={ALERT_NOTE_MAX * 2}
          placeholder="Checked the relay pool; queue draining since 10:05"
          data-testid="alert-note-input"
          value={body}
          autoFocus={autoFocus}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onKeyDown={onBoxKey}
          onChange={(e) => {
            setBody(e.target.value);
            setCoreError(null);
          }}
        />
        {error ? (
          <p className="field-error" id={`${id}-error`} role="alert" data-testid="alert-note-error">
            <CircleAlert size={12} aria-hidden /> {error}
          </p>
        ) : null}
      </div>
      <div className="note-actions">
        <span className="dialog-hint faint">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>Enter</Kbd>
        </span>
        <button type="submit" className="button button-primary button-small" data-testid="alert-note-save" disabled={add.isPending}>
          {add.isPending ? <Spinner size={12} /> : null}
          Save note
        </button>
      </div>
    </form>
  );
}

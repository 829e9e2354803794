// An incident's timeline, oldest first and append-only (the platform refuses edits): each
// entry's kind, author and time, an evidence entry's hash, and an evidence hash mismatch in
// red. At the bottom, a box to add a note or a lesson (Ctrl/Cmd-Enter sends it).
import { AlarmClock, ArrowRightLeft, BadgeCheck, CheckSquare, FileText, FileWarning, Lightbulb, ListTodo, Paperclip, ShieldQuestion, Tags, Users } from "lucide-react";
import { useId, useState } from "react";
import type { IncidentRecord, IncidentTimelineItem } from "../bindings";
import { CardEmpty } from "../components/Card";
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import { submitHandlers } from "../components/FormDialog";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { formatCount, formatDateTime } from "../lib/format";
import { useAddEntry } from "./queries";
import { ENTRY_FIELDS, labelOf, shortHash, TIMELINE_LABELS } from "./securityFormat";
import { ChangeErrors, OfflineHint } from "./securityParts";
import { required, useChangeForm } from "./useChangeForm";

const ICONS: Record<string, typeof FileText> = {
  note: FileText,
  classification: Tags,
  containment: CheckSquare,
  evidence: Paperclip,
  status_change: ArrowRightLeft,
  lesson: Lightbulb,
  team: Users,
  breach: AlarmClock,
  authority_notified: BadgeCheck,
  evidence_mismatch: FileWarning,
  follow_up: ListTodo,
};

type Props = { incident: IncidentRecord; entries: readonly IncidentTimelineItem[]; online: boolean };

export function IncidentTimeline({ incident, entries, online }: Props) {
  return (
    <section className="pane-section" aria-label="Timeline" data-testid="incident-timeline">
      <h4 className="section-label">
        Timeline {entries.length > 0 ? <span className="faint num">{formatCount(entries.length)}</span> : null}
      </h4>
      {entries.length === 0 ? (
        <CardEmpty>Nothing recorded yet.</CardEmpty>
      ) : (
        <ul className="timeline incident-timeline">
          {entries.map((t) => {
            const Icon = ICONS[t.kind] ?? ShieldQuestion;
            const loud = t.kind === "evidence_mismatch";
            return (
              <li key={t.id} className={`timeline-item kind-${t.kind}${loud ? " is-mismatch" : ""}`} data-testid="incident-timeline-entry" data-kind={t.kind}>
                <span className="timeline-icon">
                  <Icon size={12} aria-hidden />
                </span>
                <div className="timeline-body">
                  <div className="timeline-head">
                    <span className="timeline-summary small">
                      <span className={loud ? "strong" : undefined}>{labelOf(TIMELINE_LABELS, t.kind)}</span> <span className="timeline-meta">· {t.author} · {formatDateTime(t.at)}</span>
                    </span>
                  </div>
                  <div className="timeline-text ops-text">{t.body}</div>
                  {t.evidenceSha256 === null ? null : (
                    <div className="mono-small faint" title={t.evidenceSha256}>
                      SHA-256 {shortHash(t.evidenceSha256)}
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <NoteForm incident={incident} online={online} />
    </section>
  );
}

function NoteForm({ incident, online }: { incident: IncidentRecord; online: boolean }) {
  const [kind, setKind] = useState<"note" | "lesson">("note");
  const [body, setBody] = useState("");
  const { refusal, pending, send } = useChangeForm(useAddEntry(), ENTRY_FIELDS);
  const id = useId();
  const f = refusal.errors.fields;
  const submit = () => send({ id: incident.id, kind, body: body.trim() }, () => setBody(""), required(body, "body", "Write the entry."));
  const { onSubmit, onKeyDown } = submitHandlers(submit);

  return (
    <form className="form incident-note-form" onSubmit={onSubmit} noValidate aria-label="Add to the timeline" data-testid="note-form">
      <ChangeErrors error={refusal.failure} lines={refusal.errors.general} testId="note-refused" />
      <div className={`field${f.body ? " field-invalid" : ""}`}>
        <textarea
          className="input textarea"
          rows={3}
          aria-label={kind === "note" ? "Note" : "Lesson"}
          data-testid="note-text"
          value={body}
          placeholder={kind === "note" ? "What you checked, found or decided…" : "A lesson for next time…"}
          onKeyDown={onKeyDown}
          onChange={(ev) => {
            setBody(ev.target.value);
            refusal.edit("body");
          }}
          {...invalidProps(`${id}-body-error`, f.body)}
        />
        <FieldMessage id={`${id}-body-error`} lines={f.body} testId="note-error-body" />
      </div>
      <div className="incident-note-actions">
        <select className="input input-small select" aria-label="Entry kind" data-testid="note-kind" value={kind} onChange={(ev) => setKind(ev.target.value === "lesson" ? "lesson" : "note")}>
          <option value="note">Note</option>
          <option value="lesson">Lesson</option>
        </select>
        {online ? null : <OfflineHint what="adding to the timeline" testId="note-offline" />}
        <span className="faint small">
          <Kbd>Ctrl</Kbd>
          <Kbd>Enter</Kbd>
        </span>
        <button type="submit" className="button button-small button-primary" data-testid="note-add" disabled={pending} aria-busy={pending}>
          {pending ? <Spinner size={11} /> : null}
          Add {kind === "note" ? "note" : "lesson"}
        </button>
      </div>
    </form>
  );
}

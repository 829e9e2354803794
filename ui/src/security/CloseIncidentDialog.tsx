// Closing an incident: the lessons learned (required) and follow-up actions, each with what is
// to be done, its owner (a staff login) and an optional due date, added and removed as rows.
// The core names a follow-up's problem by its row ("followUps.1.owner: …"), shown beside it.
import { Plus, Trash2 } from "lucide-react";
import { useId, useMemo, useState, type ReactNode, type SyntheticEvent } from "react";
import type { FollowUpInput, IncidentRecord } from "../bindings";
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import { TextField } from "../components/FormField";
import { useNow } from "../lib/useNow";
import { ChangeDialog, ChangeForm } from "./ChangeDialog";
import { useCloseIncident } from "./queries";
import { closeFields, todayIso } from "./securityFormat";
import { required, useChangeForm } from "./useChangeForm";

type Row = { key: number; action: string; owner: string; dueOn: string };

type Props = { incident: IncidentRecord; open: boolean; online: boolean; onOpenChange: (open: boolean) => void };

export function CloseIncidentDialog({ incident, open, online, onOpenChange }: Props) {
  return (
    <ChangeDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Close ${incident.title}`}
      description="What the team learned, and what is still to be done by whom. The lessons go on the timeline."
      testId="close-dialog"
      wide
    >
      <CloseForm incident={incident} online={online} onDone={() => onOpenChange(false)} />
    </ChangeDialog>
  );
}

function CloseForm({ incident, online, onDone }: { incident: IncidentRecord; online: boolean; onDone: () => void }) {
  const [lessons, setLessons] = useState(incident.lessonsLearned ?? "");
  const [rows, setRows] = useState<Row[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const fields = useMemo(() => closeFields(Math.max(rows.length, 1)), [rows.length]);
  const { refusal, pending, send } = useChangeForm(useCloseIncident(), fields);
  const now = useNow(60_000);
  const id = useId();
  const f = refusal.errors.fields;

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  // Typing in row n's action or owner clears that cell's refusal.
  const editRow = (key: number, n: number, field: "action" | "owner", value: string) => {
    update(key, { [field]: value });
    refusal.edit(`followUps.${n}.${field}`);
  };
  const add = () => {
    setRows((rs) => [...rs, { key: nextKey, action: "", owner: "", dueOn: "" }]);
    setNextKey((k) => k + 1);
  };
  const remove = (key: number) => {
    setRows((rs) => rs.filter((r) => r.key !== key));
    // Row numbers move: the refusals of the old numbering no longer point at the right rows.
    refusal.clear();
  };

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const followUps: FollowUpInput[] = rows.map((r) => ({ action: r.action.trim(), owner: r.owner.trim(), dueOn: r.dueOn === "" ? null : r.dueOn }));
    send({ id: incident.id, lessons: lessons.trim(), followUps, version: incident.version }, onDone, required(lessons, "lessons", "Write the lessons learned."));
  };

  return (
    <ChangeForm label="Close the incident" refusal={refusal} testId="close" online={online} needs="closing an incident" onSubmit={onSubmit} submit={{ pending, label: "Close incident", testId: "close-submit" }}>
      <TextField
        id={`${id}-lessons`}
        label="Lessons learned"
        rows={5}
        required
        autoFocus
        testId="close-lessons"
        value={lessons}
        placeholder="What worked, what did not, and what changes so it does not happen again"
        onValue={refusal.editing("lessons", setLessons)}
        lines={f.lessons}
        errorTestId="close-error-lessons"
      />
      <fieldset className="field followups" data-testid="close-followups">
        <legend className="field-legend">Follow-up actions {rows.length === 0 ? <span className="faint">(optional)</span> : null}</legend>
        {rows.length === 0 ? null : (
          <div className="followup-grid" role="table" aria-label="Follow-up actions">
            <div className="followup-row followup-head" role="row">
              <span role="columnheader">Action</span>
              <span role="columnheader">Owner (login)</span>
              <span role="columnheader">Due</span>
              <span role="columnheader" className="sr-only">
                Remove
              </span>
            </div>
            {rows.map((r, n) => (
              <div key={r.key} className="followup-row" role="row" data-testid={`followup-${n}`}>
                <Cell errorId={`${id}-fa-${n}`} lines={f[`followUps.${n}.action`]} errorTestId={`followup-error-action-${n}`}>
                  {(invalid) => (
                    <input
                      className="input input-small"
                      aria-label={`Follow-up ${n + 1}: action`}
                      data-testid={`followup-action-${n}`}
                      value={r.action}
                      placeholder="Rotate the CI deploy keys"
                      onChange={(ev) => editRow(r.key, n, "action", ev.target.value)}
                      {...invalid}
                    />
                  )}
                </Cell>
                <Cell errorId={`${id}-fo-${n}`} lines={f[`followUps.${n}.owner`]} errorTestId={`followup-error-owner-${n}`}>
                  {(invalid) => (
                    <input
                      className="input input-small mono-input"
                      aria-label={`Follow-up ${n + 1}: owner`}
                      data-testid={`followup-owner-${n}`}
                      value={r.owner}
                      placeholder="login"
                      autoComplete="off"
                      spellCheck={false}
                      list={`${id}-team`}
                      onChange={(ev) => editRow(r.key, n, "owner", ev.target.value)}
                      {...invalid}
                    />
                  )}
                </Cell>
                <Cell errorId={`${id}-fd-${n}`} lines={f[`followUps.${n}.dueOn`]} errorTestId={`followup-error-due-${n}`}>
                  {() => (
                    <input
                      type="date"
                      className="input input-small input-date"
                      aria-label={`Follow-up ${n + 1}: due`}
                      data-testid={`followup-due-${n}`}
                      value={r.dueOn}
                      min={todayIso(now)}
                      onChange={(ev) => update(r.key, { dueOn: ev.target.value })}
                    />
                  )}
                </Cell>
                <div role="cell">
                  <button type="button" className="icon-button" aria-label={`Remove follow-up ${n + 1}`} title="Remove" data-testid={`followup-remove-${n}`} onClick={() => remove(r.key)}>
                    <Trash2 size={13} aria-hidden />
                  </button>
                </div>
              </div>
            ))}
          </div>
        )}
        <datalist id={`${id}-team`}>
          {incident.responseTeam.map((login) => (
            <option key={login} value={login} />
          ))}
        </datalist>
        <div>
          <button type="button" className="button button-small" data-testid="followup-add" onClick={add}>
            <Plus size={12} aria-hidden /> Add follow-up
          </button>
        </div>
        <FieldMessage id={`${id}-followups-error`} lines={f.followUps} testId="close-error-followups" />
      </fieldset>
    </ChangeForm>
  );
}

/** A follow-up's cell: its control (named by its aria-label) and the control's refusal under it. */
function Cell({ errorId, lines, errorTestId, children }: { errorId: string; lines: readonly string[] | undefined; errorTestId: string; children: (invalid: ReturnType<typeof invalidProps>) => ReactNode }) {
  return (
    <div className={`field${lines ? " field-invalid" : ""}`} role="cell">
      {children(invalidProps(errorId, lines))}
      <FieldMessage id={errorId} lines={lines} testId={errorTestId} />
    </div>
  );
}

// Closing an incident: the lessons learned (required) and follow-up actions, each with what is
// to be done, its owner (a staff login) and an optional due date, added and removed as rows.
// The core names a follow-up's problem by its row ("followUps.1.owner: …"), shown beside it.
import { Plus, Trash2 } from "lucide-react";
import { useId, useMemo, useState, type SyntheticEvent } from "react";
import type { FollowUpInput, IncidentRecord } from "../bindings";
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import * as Dialog from "@radix-ui/react-dialog";
import { useNow } from "../lib/useNow";
import { ChangeDialog, useFormRefusal } from "./ChangeDialog";
import { useCloseIncident } from "./queries";
import { closeFields, todayIso } from "./securityFormat";
import { ChangeErrors, OfflineHint, useChange } from "./securityParts";

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
  const refusal = useFormRefusal(fields);
  const m = useCloseIncident();
  const change = useChange();
  const now = useNow(60_000);
  const id = useId();
  const f = refusal.errors.fields;

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
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
    if (m.isPending) return;
    if (lessons.trim() === "") {
      refusal.set("lessons", "Write the lessons learned.");
      return;
    }
    refusal.clear();
    const followUps: FollowUpInput[] = rows.map((r) => ({ action: r.action.trim(), owner: r.owner.trim(), dueOn: r.dueOn === "" ? null : r.dueOn }));
    change.run(m, { id: incident.id, lessons: lessons.trim(), followUps, version: incident.version }, { onSuccess: onDone, onError: refusal.fail });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Close the incident">
      <ChangeErrors error={refusal.failure} lines={refusal.errors.general} testId="close-refused" />
      <div className={`field${f.lessons ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-lessons`}>Lessons learned</label>
        <textarea
          id={`${id}-lessons`}
          className="input textarea"
          rows={5}
          required
          autoFocus
          data-testid="close-lessons"
          value={lessons}
          placeholder="What worked, what did not, and what changes so it does not happen again"
          onChange={(ev) => {
            setLessons(ev.target.value);
            refusal.edit("lessons");
          }}
          {...invalidProps(`${id}-lessons-error`, f.lessons)}
        />
        <FieldMessage id={`${id}-lessons-error`} lines={f.lessons} testId="close-error-lessons" />
      </div>
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
            {rows.map((r, n) => {
              const errAction = f[`followUps.${n}.action`];
              const errOwner = f[`followUps.${n}.owner`];
              const errDue = f[`followUps.${n}.dueOn`];
              return (
                <div key={r.key} className="followup-row" role="row" data-testid={`followup-${n}`}>
                  <div className={`field${errAction ? " field-invalid" : ""}`} role="cell">
                    <input
                      className="input input-small"
                      aria-label={`Follow-up ${n + 1}: action`}
                      data-testid={`followup-action-${n}`}
                      value={r.action}
                      placeholder="Rotate the CI deploy keys"
                      onChange={(ev) => {
                        update(r.key, { action: ev.target.value });
                        refusal.edit(`followUps.${n}.action`);
                      }}
                      {...invalidProps(`${id}-fa-${n}`, errAction)}
                    />
                    <FieldMessage id={`${id}-fa-${n}`} lines={errAction} testId={`followup-error-action-${n}`} />
                  </div>
                  <div className={`field${errOwner ? " field-invalid" : ""}`} role="cell">
                    <input
                      className="input input-small mono-input"
                      aria-label={`Follow-up ${n + 1}: owner`}
                      data-testid={`followup-owner-${n}`}
                      value={r.owner}
                      placeholder="login"
                      autoComplete="off"
                      spellCheck={false}
                      list={`${id}-team`}
                      onChange={(ev) => {
                        update(r.key, { owner: ev.target.value });
                        refusal.edit(`followUps.${n}.owner`);
                      }}
                      {...invalidProps(`${id}-fo-${n}`, errOwner)}
                    />
                    <FieldMessage id={`${id}-fo-${n}`} lines={errOwner} testId={`followup-error-owner-${n}`} />
                  </div>
                  <div className={`field${errDue ? " field-invalid" : ""}`} role="cell">
                    <input
                      type="date"
                      className="input input-small input-date"
                      aria-label={`Follow-up ${n + 1}: due`}
                      data-testid={`followup-due-${n}`}
                      value={r.dueOn}
                      min={todayIso(now)}
                      onChange={(ev) => update(r.key, { dueOn: ev.target.value })}
                    />
                    <FieldMessage id={`${id}-fd-${n}`} lines={errDue} testId={`followup-error-due-${n}`} />
                  </div>
                  <div role="cell">
                    <button type="button" className="icon-button" aria-label={`Remove follow-up ${n + 1}`} title="Remove" data-testid={`followup-remove-${n}`} onClick={() => remove(r.key)}>
                      <Trash2 size={13} aria-hidden />
                    </button>
                  </div>
                </div>
              );
            })}
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
      {online ? null : <OfflineHint what="closing an incident" testId="close-offline" />}
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="close-submit" disabled={m.isPending} aria-busy={m.isPending}>
          {m.isPending ? <Spinner size={12} /> : null}
          Close incident
        </button>
      </div>
    </form>
  );
}

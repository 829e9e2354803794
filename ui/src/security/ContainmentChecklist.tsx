// The containment checklist: each step in order with who is to do it, a "Done" box that asks for
// an optional note of what was done, and who ticked it and when; a row at the bottom adds a step
// (assigned to a member of the response team or anyone by login).
import { Check, Plus } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import type { ContainmentStepItem, IncidentRecord } from "../bindings";
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { formatCount, formatDateTime } from "../lib/format";
import { ChangeDialog, ChangeForm } from "./ChangeDialog";
import { useAddStep, useCompleteStep } from "./queries";
import { isFinished, STEP_FIELDS } from "./securityFormat";
import { ChangeErrors, OfflineHint } from "./securityParts";
import { required, useChangeForm } from "./useChangeForm";

type Props = { incident: IncidentRecord; steps: readonly ContainmentStepItem[]; online: boolean };

export function ContainmentChecklist({ incident, steps, online }: Props) {
  const [completing, setCompleting] = useState<ContainmentStepItem | null>(null);
  const done = steps.filter((s) => s.doneAt !== null).length;
  const open = !isFinished(incident.status);
  return (
    <section className="pane-section" aria-label="Containment checklist" data-testid="containment" data-done={done} data-total={steps.length}>
      <h4 className="section-label">
        Containment{" "}
        {steps.length > 0 ? (
          <span className={`num ${done === steps.length ? "positive-text" : "faint"}`} data-testid="containment-progress">
            {formatCount(done)}/{formatCount(steps.length)}
          </span>
        ) : null}
      </h4>
      {steps.length > 0 ? (
        <div className="progress-track containment-bar" aria-hidden>
          <div className="progress-fill" style={{ width: `${(done / steps.length) * 100}%` }} />
        </div>
      ) : null}
      {steps.length === 0 ? (
        <p className="field-hint">No steps yet. List what must be done to stop the damage spreading: disable accounts, rotate keys, block addresses…</p>
      ) : (
        <ol className="containment-steps">
          {steps.map((s) => {
            const isDone = s.doneAt !== null;
            return (
              <li key={s.id} className={`containment-step${isDone ? " is-done" : ""}`} data-testid={`step-${s.position}`} data-done={isDone}>
                {isDone ? (
                  <span className="step-box is-done" role="img" aria-label="Done" data-testid={`step-checked-${s.position}`}>
                    <Check size={12} aria-hidden />
                  </span>
                ) : (
                  <button
                    type="button"
                    className="step-box"
                    role="checkbox"
                    aria-checked={false}
                    aria-label={`Mark step ${s.position} done`}
                    title="Mark done"
                    data-testid={`step-done-${s.position}`}
                    disabled={!open}
                    onClick={() => setCompleting(s)}
                  />
                )}
                <div className="containment-step-body">
                  <span className="containment-step-text">
                    <span className="faint num">{s.position}.</span> {s.step}
                  </span>
                  <span className="faint small">
                    {isDone ? (
                      <span data-testid={`step-done-by-${s.position}`}>
                        Done by {s.doneBy ?? "?"} · {formatDateTime(s.doneAt)}
                      </span>
                    ) : s.assignee === null ? (
                      "Unassigned"
                    ) : (
                      `Assigned to ${s.assignee}`
                    )}
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {open ? <AddStep incident={incident} online={online} /> : null}
      <CompleteStepDialog step={completing} online={online} onOpenChange={(o) => (o ? undefined : setCompleting(null))} />
    </section>
  );
}

function AddStep({ incident, online }: { incident: IncidentRecord; online: boolean }) {
  const [step, setStep] = useState("");
  const [assignee, setAssignee] = useState("");
  const { refusal, pending, send } = useChangeForm(useAddStep(), STEP_FIELDS);
  const id = useId();
  const f = refusal.errors.fields;

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const added = () => {
      setStep("");
      setAssignee("");
    };
    send({ id: incident.id, step: step.trim(), assignee: assignee.trim() === "" ? null : assignee.trim() }, added, required(step, "step", "Say what is to be done."));
  };

  return (
    <form className="containment-add" onSubmit={onSubmit} noValidate aria-label="Add a containment step" data-testid="step-form">
      <ChangeErrors error={refusal.failure} lines={refusal.errors.general} testId="step-refused" />
      <div className="containment-add-row">
        <div className={`field grow${f.step ? " field-invalid" : ""}`}>
          <input
            className="input input-small"
            aria-label="Step"
            placeholder="Add a step: disable the leaked API key"
            data-testid="step-text"
            value={step}
            autoComplete="off"
            onChange={(ev) => {
              setStep(ev.target.value);
              refusal.edit("step");
            }}
            {...invalidProps(`${id}-step-error`, f.step)}
          />
        </div>
        <div className={`field step-assignee${f.assignee ? " field-invalid" : ""}`}>
          <input
            className="input input-small"
            aria-label="Assignee (login)"
            placeholder="Assignee (login)"
            data-testid="step-assignee"
            list={`${id}-team`}
            value={assignee}
            autoComplete="off"
            spellCheck={false}
            onChange={(ev) => {
              setAssignee(ev.target.value);
              refusal.edit("assignee");
            }}
            {...invalidProps(`${id}-assignee-error`, f.assignee)}
          />
          <datalist id={`${id}-team`}>
            {incident.responseTeam.map((login) => (
              <option key={login} value={login} />
            ))}
          </datalist>
        </div>
        <button type="submit" className="button button-small" data-testid="step-add" disabled={pending} aria-busy={pending}>
          {pending ? <Spinner size={11} /> : <Plus size={12} aria-hidden />} Add
        </button>
      </div>
      <FieldMessage id={`${id}-step-error`} lines={f.step} testId="step-error-step" />
      <FieldMessage id={`${id}-assignee-error`} lines={f.assignee} testId="step-error-assignee" />
      {online ? null : <OfflineHint what="adding a step" testId="step-offline" />}
    </form>
  );
}

function CompleteStepDialog({ step, online, onOpenChange }: { step: ContainmentStepItem | null; online: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <ChangeDialog open={step !== null} onOpenChange={onOpenChange} title={step === null ? "Step done" : `Step ${step.position} done`} description={step?.step} testId="step-note-dialog">
      {step === null ? null : <CompleteStepForm step={step} online={online} onDone={() => onOpenChange(false)} />}
    </ChangeDialog>
  );
}

function CompleteStepForm({ step, online, onDone }: { step: ContainmentStepItem; online: boolean; onDone: () => void }) {
  const [note, setNote] = useState("");
  const { refusal, pending, send } = useChangeForm(useCompleteStep(), { note: "note" });
  const id = useId();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    send({ stepId: step.id, note: note.trim(), version: step.version }, onDone);
  };

  const submit = { pending, label: "Mark done", testId: "step-note-submit", icon: <Check size={12} aria-hidden /> };
  return (
    <ChangeForm label="Step done" refusal={refusal} testId="step-note" online={online} needs="completing a step" onSubmit={onSubmit} submit={submit}>
      <div className="field">
        <label htmlFor={`${id}-note`}>What was done (optional)</label>
        <textarea id={`${id}-note`} className="input textarea" rows={3} autoFocus data-testid="step-note" value={note} placeholder="Key revoked at 14:05; no use since 13:52" onChange={(ev) => setNote(ev.target.value)} />
      </div>
    </ChangeForm>
  );
}

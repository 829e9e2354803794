// What deactivating a member hands over, and to whom: their dependants by kind (accounts and
// success plans, escalations, acknowledged alerts), a successor for each kind present chosen
// from those able to take it, the reason the audit trail keeps, and what deactivation does.
// Confirm (Ctrl/Cmd-Enter too) sends it; a refusal shows beside the successor or reason it is
// about, the rest at the top, and what was chosen and typed stays.
import * as Dialog from "@radix-ui/react-dialog";
import { UserX } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { DeactivationPlan, Dependant, DependantKind, StaffView, Successor, Successors } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { fieldErrorsOf, hasFieldErrors, NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { isMacPlatform } from "../lib/sections";
import { DEPENDANT_META, deactivationProblems, groupDependants, NO_SUCCESSORS, successorsToSend } from "./staffAccountsFormat";
import { useDeactivate } from "./staffQueries";

/** The core sets no length on a reason; this only keeps a pasted essay in check. */
const REASON_MAX = 2000;

type Props = {
  plan: DeactivationPlan;
  online: boolean;
  onDeactivated: (member: StaffView) => void;
};

export function DeactivationForm({ plan, online, onDeactivated }: Props) {
  const member = plan.member;
  const groups = groupDependants(plan.dependants);
  const [reason, setReason] = useState("");
  const [successors, setSuccessors] = useState<Successors>(NO_SUCCESSORS);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const deactivate = useDeactivate();
  const id = useId();
  const mac = isMacPlatform();
  // Lines about a control the form shows go beside it; any other line goes on top.
  const shown = ["reason", ...groups.map((g) => g.kind)];

  const canSend = online && !deactivate.isPending;
  const submit = () => {
    if (!canSend) return;
    const local = deactivationProblems(reason, plan.dependants, successors);
    if (hasFieldErrors(local)) {
      setErrors(local);
      return;
    }
    deactivate.mutate(
      { login: member.login, reason: reason.trim(), successors: successorsToSend(plan.dependants, successors) },
      {
        onSuccess: onDeactivated,
        onError: (e) => setErrors(fieldErrorsOf(e, shown)),
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
  const choose = (kind: DependantKind, login: string) => {
    setSuccessors((s) => ({ ...s, [kind]: login === "" ? null : login }));
    setErrors((e) => withoutField(e, kind));
  };

  const f = errors.fields;
  return (
    <form className="form deactivate-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="Deactivation">
      <FormErrors lines={errors.general} testId="staff-deactivate-error" />
      {groups.length === 0 ? (
        <p className="muted" data-testid="staff-deactivate-nothing">
          Nothing depends on {member.fullName}.
        </p>
      ) : (
        groups.map(({ kind, items }) => (
          <DependantGroup
            key={kind}
            kind={kind}
            items={items}
            candidates={plan.candidates[kind].filter((c) => c.login !== member.login)}
            chosen={successors[kind] ?? ""}
            errors={f[kind]}
            idBase={id}
            onChoose={(login) => choose(kind, login)}
          />
        ))
      )}
      <div className={`field${f.reason ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-reason`}>Reason (kept in the audit trail)</label>
        <textarea
          id={`${id}-reason`}
          className="input textarea"
          rows={2}
          maxLength={REASON_MAX}
          placeholder="Left the company on 30 November"
          data-testid="staff-deactivate-reason"
          value={reason}
          required
          onChange={(e) => {
            setReason(e.target.value);
            setErrors((x) => withoutField(x, "reason"));
          }}
          {...invalidProps(`${id}-reason-error`, f.reason)}
        />
        <FieldMessage id={`${id}-reason-error`} lines={f.reason} testId="staff-deactivate-error-reason" />
      </div>
      <p className="field-hint deactivate-explain" data-testid="staff-deactivate-explain">
        Deactivating disables the login <span className="mono">{member.login}</span> at once: their open sessions end, their desk wipes its copy of the
        platform&apos;s data the next time it makes contact, and their record is archived as the retention policy says. What they own goes to the
        people chosen above.
      </p>
      <div className="dialog-actions">
        {online ? (
          <span className="dialog-hint faint">
            <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
            <Kbd>Enter</Kbd> to deactivate
          </span>
        ) : (
          <span className="dialog-hint roles-locked" data-testid="staff-deactivate-blocked">
            Offline: deactivating needs the platform.
          </span>
        )}
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-danger" data-testid="staff-deactivate-confirm" disabled={!canSend} aria-busy={deactivate.isPending}>
          {deactivate.isPending ? <Spinner size={13} /> : <UserX size={13} aria-hidden />}
          {deactivate.isPending ? "Deactivating…" : `Deactivate ${member.fullName}`}
        </button>
      </div>
    </form>
  );
}

type GroupProps = {
  kind: DependantKind;
  items: Dependant[];
  candidates: Successor[];
  chosen: string;
  errors: string[] | undefined;
  idBase: string;
  onChoose: (login: string) => void;
};

/** One kind of dependant: what it is, and who takes it over. */
function DependantGroup({ kind, items, candidates, chosen, errors, idBase, onChoose }: GroupProps) {
  const meta = DEPENDANT_META[kind];
  const selectId = `${idBase}-successor-${kind}`;
  const errorId = `${selectId}-error`;
  return (
    <section className={`dependant-group${errors ? " field-invalid" : ""}`} data-testid={`staff-dependants-${kind}`} aria-label={meta.title}>
      <h3 className="section-label">
        {meta.title} <span className="num">({items.length})</span>
      </h3>
      <ul className="dependant-list">
        {items.map((d) => (
          <li key={d.id} data-testid="staff-dependant" data-kind={kind}>
            <span className="dependant-label">{d.label}</span>
            {d.detail === "" ? null : <span className="faint"> — {d.detail}</span>}
          </li>
        ))}
      </ul>
      {candidates.length === 0 ? (
        <p className="field-hint roles-locked" data-testid={`staff-successor-${kind}-none`}>
          Nobody can take these over: it needs {meta.needs}. Give someone that role first.
        </p>
      ) : (
        <div className="field">
          <label htmlFor={selectId}>{meta.successor}</label>
          <select
            id={selectId}
            className="input select"
            data-testid={`staff-successor-${kind}`}
            value={chosen}
            onChange={(e) => onChoose(e.target.value)}
            required
            {...invalidProps(errorId, errors)}
          >
            <option value="">Choose…</option>
            {candidates.map((c) => (
              <option key={c.login} value={c.login}>
                {c.fullName} ({c.login})
              </option>
            ))}
          </select>
        </div>
      )}
      <FieldMessage id={errorId} lines={errors} testId={`staff-deactivate-error-${kind}`} />
    </section>
  );
}

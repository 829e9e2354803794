// Opening a security incident, by hand or from a security alert: a title, the type and severity,
// what is known, and the response team — the members the security setting proposes for the
// type, ticked, proposed again when the type changes (a member can be unticked or added by
// login). It is a live call: offline the core says so and what was typed stays. Refusals show
// beside their fields.
import * as Dialog from "@radix-ui/react-dialog";
import { CloudOff, Plus, X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "../ops/opsFormat";
import { useOpenIncident, useProposedTeam } from "./queries";
import { INCIDENT_SEVERITIES, INCIDENT_TYPES, OPEN_FIELDS, SEVERITY_HINTS, TYPE_LABELS } from "./securityFormat";
import { ChangeErrors, OfflineHint } from "./securityParts";

/** What the form starts from (a security alert's title and id). */
export type IncidentSeed = { title: string; summary: string; alertId: number | null };

type Props = {
  open: boolean;
  online: boolean;
  seed: IncidentSeed | null;
  onOpenChange: (open: boolean) => void;
  /** The platform took it: its id. */
  onOpened: (id: string) => void;
};

export function OpenIncidentDialog({ open, online, seed, onOpenChange, onOpened }: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-form incident-form-dialog" data-testid="incident-form">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Open incident</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">
            {seed !== null && seed.alertId !== null ? `From security alert #${seed.alertId}. ` : ""}The response team is proposed from the type; you lead it.
          </Dialog.Description>
          <OpenIncidentForm key={seed?.alertId ?? "by-hand"} seed={seed} online={online} onOpened={onOpened} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function OpenIncidentForm({ seed, online, onOpened }: { seed: IncidentSeed | null; online: boolean; onOpened: (id: string) => void }) {
  const [title, setTitle] = useState(seed?.title ?? "");
  const [kind, setKind] = useState<string>("other");
  const [severity, setSeverity] = useState<string>("SEV3");
  const [summary, setSummary] = useState(seed?.summary ?? "");
  // The proposal is ticked; what the member unticked and added by hand is kept per type.
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [added, setAdded] = useState<string[]>([]);
  const [addText, setAddText] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const proposed = useProposedTeam(kind, true);
  const create = useOpenIncident();
  const toast = useToast();
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const f = errors.fields;

  const proposal = proposed.data ?? [];
  const members = [...proposal.map((m) => ({ login: m.login, name: m.fullName, proposed: true })), ...added.filter((a) => !proposal.some((m) => m.login === a)).map((a) => ({ login: a, name: "", proposed: false }))];
  const team = members.filter((m) => !unticked.has(m.login)).map((m) => m.login);

  const toggle = (login: string, on: boolean) =>
    setUnticked((u) => {
      const next = new Set(u);
      if (on) next.delete(login);
      else next.add(login);
      return next;
    });

  const addMember = () => {
    const login = addText.trim().toLowerCase();
    if (login === "") return;
    if (!members.some((m) => m.login === login)) setAdded((a) => [...a, login]);
    toggle(login, true);
    setAddText("");
  };

  const submit = () => {
    if (create.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    setFailure(null);
    create.mutate(
      { title, kind, severity, summary, alertId: seed?.alertId ?? null, team },
      {
        onSuccess: (newId) => {
          toast.show("Incident opened — it shows here once sync brings it");
          onOpened(newId);
        },
        onError: (err) => {
          setFailure(err);
          setErrors(opsErrorsOf(err, OPEN_FIELDS));
        },
      },
    );
  };
  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    submit();
  };
  const onKeyDown = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      submit();
    }
  };

  const teamUnreachable = proposed.isError && deskErrorOf(proposed.error)?.code === "unreachable";

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="Open incident">
      <ChangeErrors error={failure} lines={errors.general} testId="incident-form-refused" />
      <div className={`field${f.title ? " field-invalid" : ""}`}>
        <label htmlFor={fid("title")}>Title</label>
        <input
          id={fid("title")}
          className="input"
          data-testid="incident-title"
          value={title}
          autoFocus
          placeholder="Suspicious logins on the admin console from a new ASN"
          autoComplete="off"
          onChange={(ev) => {
            setTitle(ev.target.value);
            setErrors((er) => withoutField(er, "title"));
          }}
          {...invalidProps(fid("title-error"), f.title)}
        />
        <FieldMessage id={fid("title-error")} lines={f.title} testId="incident-error-title" />
      </div>
      <div className="field-row">
        <div className={`field grow${f.kind ? " field-invalid" : ""}`}>
          <label htmlFor={fid("kind")}>Type</label>
          <select
            id={fid("kind")}
            className="input select"
            data-testid="incident-type"
            value={kind}
            onChange={(ev) => {
              setKind(ev.target.value);
              // A new type proposes its own team, all ticked.
              setUnticked(new Set());
              setErrors((er) => withoutField(er, "kind"));
            }}
            {...invalidProps(fid("kind-error"), f.kind)}
          >
            {INCIDENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          <FieldMessage id={fid("kind-error")} lines={f.kind} testId="incident-error-type" />
        </div>
        <div className={`field grow${f.severity ? " field-invalid" : ""}`}>
          <label htmlFor={fid("severity")}>Severity</label>
          <select
            id={fid("severity")}
            className="input select"
            data-testid="incident-severity"
            value={severity}
            title={SEVERITY_HINTS[severity]}
            onChange={(ev) => {
              setSeverity(ev.target.value);
              setErrors((er) => withoutField(er, "severity"));
            }}
            {...invalidProps(fid("severity-error"), f.severity)}
          >
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s} value={s} title={SEVERITY_HINTS[s]}>
                {s}
              </option>
            ))}
          </select>
          <FieldMessage id={fid("severity-error")} lines={f.severity} testId="incident-error-severity" />
        </div>
      </div>
      <div className={`field${f.summary ? " field-invalid" : ""}`}>
        <label htmlFor={fid("summary")}>What is known</label>
        <textarea
          id={fid("summary")}
          className="input textarea"
          rows={4}
          data-testid="incident-summary"
          value={summary}
          placeholder="What was seen, where, since when, who reported it…"
          onChange={(ev) => setSummary(ev.target.value)}
          {...invalidProps(fid("summary-error"), f.summary)}
        />
        <FieldMessage id={fid("summary-error")} lines={f.summary} testId="incident-error-summary" />
      </div>
      <fieldset className={`field incident-team${f.team ? " field-invalid" : ""}`} data-testid="incident-team" data-team={team.join(",")}>
        <legend className="field-legend">
          Response team {proposed.isFetching ? <Spinner size={11} label="Proposing a team" /> : null}
        </legend>
        {teamUnreachable ? (
          <p className="field-hint" data-testid="incident-team-offline">
            <CloudOff size={12} aria-hidden /> The team can't be proposed offline: the proposal comes from the platform's security settings.
          </p>
        ) : proposed.isError ? (
          <p className="field-error" data-testid="incident-team-error">
            The team could not be proposed: {errorMessage(proposed.error)}
          </p>
        ) : proposed.isSuccess && proposal.length === 0 ? (
          <p className="field-hint" data-testid="incident-team-none">
            No one is proposed for {TYPE_LABELS[kind]?.toLowerCase() ?? kind}; add members by login.
          </p>
        ) : null}
        {members.length > 0 ? (
          <ul className="incident-team-list">
            {members.map((m) => (
              <li key={m.login}>
                <label className="checkbox">
                  <input type="checkbox" data-testid={`incident-team-${m.login}`} checked={!unticked.has(m.login)} onChange={(ev) => toggle(m.login, ev.target.checked)} />
                  <span className="strong">{m.name === "" ? m.login : m.name}</span>
                  {m.name === "" ? <span className="faint small">added</span> : <span className="faint mono-small">{m.login}</span>}
                </label>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="incident-team-add">
          <input
            className="input input-small"
            aria-label="Add a member by login"
            placeholder="Add by login"
            data-testid="incident-team-add"
            value={addText}
            autoComplete="off"
            spellCheck={false}
            onChange={(ev) => setAddText(ev.target.value)}
            onKeyDown={(ev) => {
              if (ev.key === "Enter" && !ev.ctrlKey && !ev.metaKey) {
                ev.preventDefault();
                addMember();
              }
            }}
          />
          <button type="button" className="button button-small" data-testid="incident-team-add-button" onClick={addMember} disabled={addText.trim() === ""}>
            <Plus size={12} aria-hidden /> Add
          </button>
        </div>
        <FieldMessage id={fid("team-error")} lines={f.team} testId="incident-error-team" />
      </fieldset>
      {online ? null : <OfflineHint what="opening an incident" testId="incident-form-offline" />}
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="incident-submit" disabled={create.isPending} aria-busy={create.isPending}>
          {create.isPending ? <Spinner size={12} /> : null}
          Open incident
        </button>
      </div>
    </form>
  );
}

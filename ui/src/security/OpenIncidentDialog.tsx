// Opening a security incident, by hand or from a security alert: a title, the type and severity,
// what is known, and the response team — the members the security setting proposes for the
// type, ticked, proposed again when the type changes (a member can be unticked or added by
// login). It is a live call: offline the core says so and what was typed stays. Refusals show
// beside their fields.
import { CloudOff, Plus } from "lucide-react";
import { useId, useState } from "react";
import { FieldMessage } from "../components/FieldMessages";
import { FormDialog, submitHandlers } from "../components/FormDialog";
import { TextField } from "../components/FormField";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { ChangeForm } from "./ChangeDialog";
import { ClassificationFields } from "./ClassificationFields";
import { useOpenIncident, useProposedTeam } from "./queries";
import { OPEN_FIELDS, TYPE_LABELS } from "./securityFormat";
import { useFormRefusal } from "./useChangeForm";

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
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Open incident"
      description={`${seed !== null && seed.alertId !== null ? `From security alert #${seed.alertId}. ` : ""}The response team is proposed from the type; you lead it.`}
      testId="incident-form"
      className="dialog-form incident-form-dialog"
    >
      <OpenIncidentForm key={seed?.alertId ?? "by-hand"} seed={seed} online={online} onOpened={onOpened} />
    </FormDialog>
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
  const refusal = useFormRefusal(OPEN_FIELDS);
  const proposed = useProposedTeam(kind, true);
  const create = useOpenIncident();
  const toast = useToast();
  const id = useId();
  const f = refusal.errors.fields;

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
    refusal.clear();
    create.mutate(
      { title, kind, severity, summary, alertId: seed?.alertId ?? null, team },
      {
        onSuccess: (newId) => {
          toast.show("Incident opened — it shows here once sync brings it");
          onOpened(newId);
        },
        onError: refusal.fail,
      },
    );
  };

  const teamUnreachable = proposed.isError && deskErrorOf(proposed.error)?.code === "unreachable";

  return (
    <ChangeForm label="Open incident" refusal={refusal} testId="incident-form" online={online} needs="opening an incident" {...submitHandlers(submit)} submit={{ pending: create.isPending, label: "Open incident", testId: "incident-submit" }}>
      <TextField
        id={`${id}-title`}
        label="Title"
        testId="incident-title"
        value={title}
        autoFocus
        placeholder="Suspicious logins on the admin console from a new ASN"
        autoComplete="off"
        onValue={refusal.editing("title", setTitle)}
        lines={f.title}
        errorTestId="incident-error-title"
      />
      <ClassificationFields
        id={id}
        kind={kind}
        severity={severity}
        onKind={(k) => {
          setKind(k);
          // A new type proposes its own team, all ticked.
          setUnticked(new Set());
          refusal.edit("kind");
        }}
        onSeverity={refusal.editing("severity", setSeverity)}
        errors={f}
        testId="incident"
      />
      <TextField
        id={`${id}-summary`}
        label="What is known"
        rows={4}
        testId="incident-summary"
        value={summary}
        placeholder="What was seen, where, since when, who reported it…"
        onValue={setSummary}
        lines={f.summary}
        errorTestId="incident-error-summary"
      />
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
        <FieldMessage id={`${id}-team-error`} lines={f.team} testId="incident-error-team" />
      </fieldset>
    </ChangeForm>
  );
}

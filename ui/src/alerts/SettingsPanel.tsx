// The member's notification settings: on/off, which of their teams, from which severity, quiet
// hours, critical breaking through, snoozes per severity and when many alerts become one
// summary. Checked here first and by the core on Save; either's message shows beside its field
// and nothing typed is lost.
import { BellOff, CircleAlert } from "lucide-react";
import { useId, useState, type ReactNode, type SyntheticEvent } from "react";
import type { DeskRole, NotificationSettings, Severity } from "../bindings";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { useNow } from "../lib/useNow";
import { ReportError, ReportLoading } from "../finance/parts";
import { formatSnoozeEnd, memberTeams, SEVERITIES, SEVERITY_LABELS, snoozeActive, snoozeEnd, teamLabel, type SnoozeChoice } from "./format";
import { useNotificationSettings, useSaveNotificationSettings } from "./queries";
import { checkValues, coreSettingsErrors, toValues, type SettingsErrors, type SettingsField, type SettingsValues } from "./settingsForm";

export function SettingsPanel({ roles }: { roles: readonly DeskRole[] }) {
  const settings = useNotificationSettings();
  if (settings.isPending) return <ReportLoading label="Reading your notification settings…" testId="alert-settings-loading" />;
  if (settings.isError) {
    return <ReportError title="The notification settings could not be read." error={settings.error} onRetry={() => void settings.refetch()} testId="alert-settings-error" />;
  }
  // The form starts from what was read once; later refetches (every sync) never overwrite typing.
  return <SettingsForm initial={settings.data} roles={roles} />;
}

const SNOOZES: { choice: SnoozeChoice; label: string }[] = [
  { choice: "1h", label: "1 h" },
  { choice: "4h", label: "4 h" },
  { choice: "tomorrow", label: "Until tomorrow 08:00" },
];

function SettingsForm({ initial, roles }: { initial: NotificationSettings; roles: readonly DeskRole[] }) {
  const [values, setValues] = useState<SettingsValues>(() => toValues(initial));
  const [saved, setSaved] = useState<SettingsValues>(() => toValues(initial));
  const [submitted, setSubmitted] = useState(false);
  const [coreErrors, setCoreErrors] = useState<SettingsErrors>({});
  const save = useSaveNotificationSettings();
  const toast = useToast();
  const now = useNow(30_000);
  const idBase = useId();
  const fid = (f: string) => `${idBase}-${f}`;
  const teams = memberTeams(roles, initial.teams);
  const local = checkValues(values);
  const errors: SettingsErrors = { ...coreErrors, ...(submitted && !local.ok ? local.errors : {}) };
  const dirty = JSON.stringify(values) !== JSON.stringify(saved);

  /** Changes fields; what the core said about them (or the whole form) goes. */
  const set = (patch: Partial<SettingsValues>, fields: SettingsField[]) => {
    setValues((old) => ({ ...old, ...patch }));
    setCoreErrors((c) => Object.fromEntries(Object.entries(c).filter(([f]) => !fields.includes(f as SettingsField) && f !== "form")));
  };

  const snooze = (s: Severity, until: string | null) => {
    const others = Object.fromEntries(Object.entries(values.snoozedUntil).filter(([k]) => k !== s));
    set({ snoozedUntil: until === null ? others : { ...others, [s]: until } }, []);
  };

  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSubmitted(true);
    const checked = checkValues(values);
    if (!checked.ok || save.isPending) return;
    const sent = values;
    save.mutate(checked.settings, {
      onSuccess: () => {
        toast.show("Notification settings saved");
        setSaved(sent);
        setSubmitted(false);
        setCoreErrors({});
      },
      onError: (err) => {
        const desk = deskErrorOf(err);
        setCoreErrors(desk?.code === "invalidInput" ? coreSettingsErrors(desk.message) : { form: errorMessage(err) });
      },
    });
  };

  const invalid = Object.keys(errors).length > 0;
  return (
    <form className="alert-settings" onSubmit={onSubmit} noValidate data-testid="alert-settings">
      <div className="settings-head">
        <div>
          <h2 className="settings-title">Notifications</h2>
          <p className="muted small">Which new alerts this laptop shows as a system notification. The inbox always lists every alert of your teams.</p>
        </div>
        <Switch
          checked={values.enabled}
          onChange={(enabled) => set({ enabled }, [])}
          label={values.enabled ? "On" : "Off"}
          testId="settings-enabled"
        />
      </div>

      <fieldset className="settings-body" disabled={!values.enabled}>
        <Row label="Teams" hint="Alerts routed to these of your teams notify." error={errors.teams} errorId={fid("teams")}>
          <div className="settings-checks" role="group" aria-label="Teams" aria-describedby={errors.teams ? fid("teams") : undefined}>
            {teams.map((t) => (
              <label key={t} className="checkbox">
                <input
                  type="checkbox"
                  data-testid={`settings-team-${t}`}
                  checked={values.teams.includes(t)}
                  onChange={(e) => {
                    const on = e.target.checked;
                    set({ teams: on ? teams.filter((x) => x === t || values.teams.includes(x)) : values.teams.filter((x) => x !== t) }, ["teams"]);
                  }}
                />
                {teamLabel(t)}
              </label>
            ))}
          </div>
        </Row>

        <Row label="From severity" hint="Less severe alerts stay in the inbox, silently.">
          <div className="segmented" role="radiogroup" aria-label="Least severity that notifies">
            {[...SEVERITIES].reverse().map((s) => (
              <button
                key={s}
                type="button"
                role="radio"
                aria-checked={values.minSeverity === s}
                data-state={values.minSeverity === s ? "on" : "off"}
                className="segment"
                data-testid={`settings-min-${s}`}
                onClick={() => set({ minSeverity: s }, [])}
              >
                {SEVERITY_LABELS[s]}
                {s === "critical" ? "" : "+"}
              </button>
            ))}
          </div>
        </Row>

        <Row label="Quiet hours" hint="A daily period without notifications, in this laptop's time; it may run past midnight." error={errors.quiet} errorId={fid("quiet")}>
          <div className="settings-inline">
            <Switch checked={values.quietOn} onChange={(quietOn) => set({ quietOn }, ["quiet", "quietStart", "quietEnd"])} label={values.quietOn ? "On" : "Off"} testId="settings-quiet" />
            <TimeInput
              id={fid("start")}
              label="from"
              value={values.quietStart}
              disabled={!values.quietOn}
              error={errors.quietStart}
              testId="settings-quiet-start"
              onChange={(quietStart) => set({ quietStart }, ["quietStart", "quiet"])}
            />
            <TimeInput
              id={fid("end")}
              label="to"
              value={values.quietEnd}
              disabled={!values.quietOn}
              error={errors.quietEnd}
              testId="settings-quiet-end"
              onChange={(quietEnd) => set({ quietEnd }, ["quietEnd", "quiet"])}
            />
          </div>
        </Row>

        <Row label="Critical breaks through" hint="Critical alerts notify even in quiet hours or while critical is snoozed.">
          <Switch
            checked={values.criticalBreaksThrough}
            onChange={(criticalBreaksThrough) => set({ criticalBreaksThrough }, [])}
            label={values.criticalBreaksThrough ? "On" : "Off"}
            testId="settings-critical"
          />
        </Row>

        <Row label="Snooze" hint="Hold one severity's notifications back for a while.">
          <ul className="snoozes" data-testid="settings-snoozes">
            {SEVERITIES.map((s) => {
              const until = values.snoozedUntil[s];
              const active = snoozeActive(until, now);
              return (
                <li key={s} className="snooze" data-testid={`settings-snooze-${s}`} data-snoozed={active}>
                  <span className="snooze-name">{SEVERITY_LABELS[s]}</span>
                  <span className={active ? "snooze-state attention-soft" : "snooze-state faint"} data-testid={`settings-snooze-${s}-state`}>
                    {active ? (
                      <>
                        <BellOff size={11} aria-hidden /> snoozed until {formatSnoozeEnd(until, now)}
                      </>
                    ) : (
                      "not snoozed"
                    )}
                  </span>
                  <span className="snooze-buttons">
                    {SNOOZES.map((o) => (
                      <button
                        key={o.choice}
                        type="button"
                        className="button button-small"
                        data-testid={`settings-snooze-${s}-${o.choice}`}
                        onClick={() => snooze(s, snoozeEnd(o.choice, new Date()).toISOString())}
                      >
                        {o.label}
                      </button>
                    ))}
                    <button type="button" className="button button-small button-ghost" data-testid={`settings-snooze-${s}-clear`} disabled={until === undefined} onClick={() => snooze(s, null)}>
                      Clear
                    </button>
                  </span>
                </li>
              );
            })}
          </ul>
        </Row>

        <Row label="Summarise from" hint="This many new alerts at once become one summary instead of one notification each." error={errors.summaryFrom} errorId={fid("summary")}>
          <span className="settings-inline">
            <input
              className={`input input-small settings-number${errors.summaryFrom ? " is-invalid" : ""}`}
              inputMode="numeric"
              aria-label="Summarise from this many alerts"
              aria-invalid={errors.summaryFrom ? true : undefined}
              aria-describedby={errors.summaryFrom ? fid("summary") : undefined}
              data-testid="settings-summary"
              value={values.summaryFrom}
              onChange={(e) => set({ summaryFrom: e.target.value }, ["summaryFrom"])}
            />
            <span className="muted small">alerts at once</span>
          </span>
        </Row>
      </fieldset>

      {errors.form ? (
        <div className="banner banner-error" role="alert" data-testid="settings-form-error">
          <CircleAlert size={14} aria-hidden />
          <span>{errors.form}</span>
        </div>
      ) : null}
      <div className="settings-actions">
        {invalid && errors.form === undefined ? (
          <span className="negative small" data-testid="settings-invalid">
            Fix the highlighted {Object.keys(errors).length === 1 ? "field" : "fields"} to save.
          </span>
        ) : dirty ? (
          <span className="faint small" data-testid="settings-dirty">
            Unsaved changes
          </span>
        ) : null}
        <button
          type="button"
          className="button button-ghost"
          data-testid="settings-revert"
          disabled={!dirty || save.isPending}
          onClick={() => {
            setValues(saved);
            setSubmitted(false);
            setCoreErrors({});
          }}
        >
          Revert
        </button>
        <button type="submit" className="button button-primary" data-testid="settings-save" disabled={save.isPending}>
          {save.isPending ? <Spinner size={13} /> : null}
          Save
        </button>
      </div>
    </form>
  );
}

function Row({ label, hint, error, errorId, children }: { label: string; hint: string; error?: string | undefined; errorId?: string; children: ReactNode }) {
  return (
    <div className={`settings-row${error ? " field-invalid" : ""}`}>
      <div className="settings-label">
        <span className="field-label">{label}</span>
        <span className="faint small">{hint}</span>
      </div>
      <div className="settings-control">
        {children}
        {error ? (
          <p className="field-error" id={errorId} role="alert" data-testid="settings-error">
            <CircleAlert size={12} aria-hidden /> {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function TimeInput(props: { id: string; label: string; value: string; disabled: boolean; error?: string | undefined; testId: string; onChange: (v: string) => void }) {
  return (
    <span className={`settings-time${props.error ? " field-invalid" : ""}`}>
      <label htmlFor={props.id} className="muted small">
        {props.label}
      </label>
      <input
        id={props.id}
        className={`input input-small mono${props.error ? " is-invalid" : ""}`}
        inputMode="numeric"
        placeholder="HH:MM"
        maxLength={5}
        size={5}
        data-testid={props.testId}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error ? (
        <span className="field-error" id={`${props.id}-error`} role="alert" data-testid={`${props.testId}-error`}>
          {props.error}
        </span>
      ) : null}
    </span>
  );
}

/** An on/off switch (a checkbox underneath, so it is a form control to assistive tech). */
function Switch({ checked, onChange, label, testId }: { checked: boolean; onChange: (on: boolean) => void; label: string; testId: string }) {
  return (
    <label className="switch">
      <input type="checkbox" role="switch" checked={checked} data-testid={testId} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-track" aria-hidden>
        <span className="switch-thumb" />
      </span>
      <span className="small">{label}</span>
    </label>
  );
}

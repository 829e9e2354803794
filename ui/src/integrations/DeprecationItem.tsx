// One deprecation notice: the API version the vendor retires, what it said, the deadline with
// its days left (red under 30 days unless migrated), and where our migration stands with its
// note — changeable here (done needs the note; a notice someone changed meanwhile is refused as
// a conflict). Saving goes to the platform, so it needs the platform.
import { useId, useState, type SyntheticEvent } from "react";
import type { IntegrationDeprecation } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { formatDateTime, formatDay } from "../lib/format";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "../ops/opsFormat";
import { NeedsPlatform } from "../ops/opsParts";
import { deprecationCell, DEPRECATION_FIELDS, labelFrom, MIGRATION_LABELS, MIGRATION_STATUSES } from "./integrationsFormat";
import { useSetDeprecationStatus } from "./queries";

export function DeprecationItem({ deprecation: d, online }: { deprecation: IntegrationDeprecation; online: boolean }) {
  const [status, setStatus] = useState(d.migrationStatus);
  const [note, setNote] = useState(d.note);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const save = useSetDeprecationStatus();
  const toast = useToast();
  const id = useId();
  const cell = deprecationCell(d);
  const changed = status !== d.migrationStatus || note.trim() !== d.note.trim();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (save.isPending || !changed) return;
    if (status === "done" && note.trim() === "") {
      setErrors({ general: [], fields: { note: ["Say how the migration was done."] } });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    save.mutate(
      { id: d.id, status, note: note.trim(), expectedVersion: d.version },
      {
        onSuccess: () => toast.show(`Migration off ${d.apiVersion}: ${labelFrom(MIGRATION_LABELS, status).toLowerCase()}`),
        onError: (err) => setErrors(opsErrorsOf(err, DEPRECATION_FIELDS)),
      },
    );
  };

  return (
    <div className={`integration-deprecation${cell.alert ? " is-alert" : ""}`} data-testid="deprecation" data-id={d.id} data-status={d.migrationStatus} data-alert={d.alert}>
      <div className="integration-deprecation-head">
        <span className="mono-small strong">{d.apiVersion}</span>
        <span className={cell.alert ? "negative strong" : "muted"} data-testid="deprecation-days">
          {formatDay(d.deadline)} · {cell.text}
        </span>
      </div>
      <p className="small">
        {d.noticeUrl === null ? (
          d.notice
        ) : (
          <a href={d.noticeUrl} target="_blank" rel="noreferrer">
            {d.notice}
          </a>
        )}
      </p>
      <form className="form integration-deprecation-form" onSubmit={onSubmit} noValidate aria-label={`Migration off ${d.apiVersion}`}>
        <FormErrors lines={errors.general} testId="deprecation-refused" />
        <div className="integration-inline">
          <label className="filter-label" htmlFor={`${id}-status`}>
            Migration
          </label>
          <select
            id={`${id}-status`}
            className="input input-small select"
            data-testid="deprecation-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setErrors(NO_FIELD_ERRORS);
            }}
          >
            {MIGRATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {labelFrom(MIGRATION_LABELS, s)}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-small" data-testid="deprecation-save" disabled={!changed || save.isPending} aria-busy={save.isPending}>
            {save.isPending ? <Spinner size={12} /> : null}
            Save
          </button>
        </div>
        <div className={`field${errors.fields.note ? " field-invalid" : ""}`}>
          <input
            id={`${id}-note`}
            className="input input-small"
            aria-label="Migration note"
            data-testid="deprecation-note"
            value={note}
            placeholder={status === "done" ? "How it was done: the version now called, the change" : "Where the migration stands"}
            onChange={(e) => {
              setNote(e.target.value);
              setErrors((er) => withoutField(er, "note"));
            }}
            {...invalidProps(`${id}-note-error`, errors.fields.note)}
          />
          <FieldMessage id={`${id}-note-error`} lines={errors.fields.note} testId="deprecation-error-note" />
        </div>
        {online || !changed ? null : <NeedsPlatform what="changing the migration status" testId="deprecation-offline" />}
      </form>
      {d.updatedBy === null ? null : (
        <p className="faint small">
          Changed by {d.updatedBy}
          {d.updatedAt === null ? "" : ` · ${formatDateTime(d.updatedAt)}`}
        </p>
      )}
    </div>
  );
}

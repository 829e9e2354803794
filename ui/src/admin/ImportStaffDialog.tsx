// Importing new members from the HR system's export: choose the CSV file, see every row as the
// platform checked it (new, already has an account, has problems) and create the new ones all
// together — or none, when the platform refuses one (the refusal names its line). The outcome
// says who was created, and hands over the instructions of anyone whose welcome e-mail could
// not be queued.
import * as Dialog from "@radix-ui/react-dialog";
import { FileUp, X } from "lucide-react";
import { useId, useState, type ChangeEvent } from "react";
import { FormErrors } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";
import { fieldErrorsOf, NO_FIELD_ERRORS } from "../lib/fieldErrors";
import { ImportPreviewTable } from "./ImportPreviewTable";
import { HandoverBox } from "./SetupCodeResult";
import { applyLabel, importCounts, importOutcome } from "./staffAccountsFormat";
import { useImportApply, useImportPreview } from "./staffQueries";

type Props = {
  open: boolean;
  online: boolean;
  onOpenChange: (open: boolean) => void;
};

export function ImportStaffDialog({ open, online, onOpenChange }: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-import" data-testid="staff-import-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Import from HR</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description" data-testid="staff-import-help">
            Choose the HR system&apos;s export as a CSV file. Its header row must name the <strong>name</strong>, <strong>e-mail</strong> and{" "}
            <strong>team</strong> (or department) columns; <strong>roles</strong> and <strong>login</strong> are optional, and a row without roles gets its
            team&apos;s role. Nobody is created until you confirm.
          </Dialog.Description>
          {open ? <ImportBody online={online} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function ImportBody({ online }: { online: boolean }) {
  const preview = useImportPreview();
  const apply = useImportApply();
  const [csv, setCsv] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const id = useId();

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file === undefined) return;
    preview.reset();
    apply.reset();
    setCsv(null);
    setReadError(null);
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setReadError(`${file.name} could not be read: ${errorMessage(err)}`);
      return;
    }
    setCsv(text);
    preview.mutate(text);
  };

  const outcome = apply.data;
  if (outcome !== undefined) {
    const handovers = outcome.created.filter((c) => !c.welcomeQueued);
    return (
      <>
        <div className="setup-result" data-testid="staff-import-outcome" role="status">
          <p>{importOutcome(outcome)}.</p>
        </div>
        {handovers.map((c) => (
          <HandoverBox key={c.login} created={c} />
        ))}
        <div className="dialog-actions">
          <Dialog.Close className="button button-primary" type="button" data-testid="staff-import-done">
            Done
          </Dialog.Close>
        </div>
      </>
    );
  }

  const refused = preview.isError ? fieldErrorsOf(preview.error, ["file"]) : NO_FIELD_ERRORS;
  const fileErrors = refused.fields.file ?? [];
  const p = preview.data;
  const newCount = p?.newCount ?? 0;
  const canApply = online && csv !== null && p !== undefined && newCount > 0 && !apply.isPending;
  const blockedWhy = !online ? "Offline: importing needs the platform." : p !== undefined && newCount === 0 ? "Nobody in this file is new and without problems." : null;

  return (
    <div className="form import-body">
      <div className="field">
        <label htmlFor={`${id}-file`}>HR export (CSV)</label>
        <div className="import-file">
          <FileUp size={14} aria-hidden className="faint" />
          <input id={`${id}-file`} type="file" accept=".csv,text/csv" data-testid="staff-import-file" onChange={(e) => void choose(e)} disabled={apply.isPending} />
        </div>
      </div>
      {readError === null ? null : <FormErrors lines={[readError]} testId="staff-import-error-file" title="The file could not be read." />}
      <FormErrors lines={fileErrors} testId="staff-import-error-file" title="This file cannot be imported." />
      <FormErrors lines={refused.general} testId="staff-import-error" />
      {apply.isError ? (
        <FormErrors lines={[...errorMessage(apply.error).split("\n"), "Nobody was created."]} testId="staff-import-error" title="The platform refused the import." />
      ) : null}
      {preview.isPending ? (
        <div className="signin-loading" data-testid="staff-import-checking">
          <Spinner /> Checking the file…
        </div>
      ) : null}
      {p === undefined ? null : (
        <>
          <div className="import-counts num" data-testid="staff-import-counts">
            {importCounts(p)}
          </div>
          <ImportPreviewTable rows={p.rows} />
        </>
      )}
      <div className="dialog-actions">
        {blockedWhy === null ? null : (
          <span className="dialog-hint roles-locked" data-testid="staff-import-blocked">
            {blockedWhy}
          </span>
        )}
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button
          type="button"
          className="button button-primary"
          data-testid="staff-import-apply"
          disabled={!canApply}
          aria-busy={apply.isPending}
          onClick={() => {
            if (canApply) apply.mutate(csv);
          }}
        >
          {apply.isPending ? (
            <>
              <Spinner size={13} /> Creating…
            </>
          ) : (
            applyLabel(newCount)
          )}
        </button>
      </div>
    </div>
  );
}

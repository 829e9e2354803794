// Opening a piece of evidence: the purpose first (the chain of custody records it), then what
// the re-check found — intact, calmly, with the hash; tampered at rest, altered in transit or
// missing, loudly, across the whole dialog, with the recorded and current hashes — a text
// preview when the file is text, "Save a copy", and the chain of custody.
import { CheckCircle2, Download, ShieldAlert, X } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import type { CustodyEntry, EvidenceItem, EvidenceOpening, EvidenceVerdict } from "../bindings";
import * as Dialog from "@radix-ui/react-dialog";
import { TextField } from "../components/FormField";
import { useToast } from "../components/Toast";
import { formatDateTime } from "../lib/format";
import { ChangeDialog, ChangeForm } from "./ChangeDialog";
import { useOpenEvidence } from "./queries";
import { formatBytes, fromBase64, labelOf, PURPOSE_FIELDS } from "./securityFormat";
import { required, useChangeForm } from "./useChangeForm";

type Props = { evidence: EvidenceItem | null; online: boolean; onOpenChange: (open: boolean) => void };

export function EvidenceViewer({ evidence, online, onOpenChange }: Props) {
  const [opened, setOpened] = useState<EvidenceOpening | null>(null);
  const close = (o: boolean) => {
    if (!o) setOpened(null);
    onOpenChange(o);
  };
  return (
    <ChangeDialog
      open={evidence !== null}
      onOpenChange={close}
      title={evidence === null ? "Evidence" : `Open ${evidence.fileName}`}
      description={opened === null ? "Say why you open it: the chain of custody records who opened it, when and why. The hash is checked again." : undefined}
      testId="evidence-open-dialog"
      wide={opened !== null}
    >
      {evidence === null ? null : opened === null ? (
        <PurposeForm evidence={evidence} online={online} onOpened={setOpened} />
      ) : (
        <Opened evidence={evidence} opened={opened} />
      )}
    </ChangeDialog>
  );
}

function PurposeForm({ evidence, online, onOpened }: { evidence: EvidenceItem; online: boolean; onOpened: (o: EvidenceOpening) => void }) {
  const [purpose, setPurpose] = useState("");
  const { refusal, pending, send } = useChangeForm(useOpenEvidence(), PURPOSE_FIELDS);
  const id = useId();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    send({ evidenceId: evidence.id, purpose: purpose.trim() }, onOpened, required(purpose, "purpose", "Say why it is opened (the chain of custody records it)."));
  };

  const submit = { pending, label: "Open and check", testId: "evidence-purpose-submit" };
  return (
    <ChangeForm label="Why it is opened" refusal={refusal} testId="evidence-purpose" online={online} needs="opening evidence" onSubmit={onSubmit} submit={submit}>
      <TextField
        id={`${id}-purpose`}
        label="Purpose"
        autoFocus
        required
        autoComplete="off"
        testId="evidence-purpose"
        value={purpose}
        placeholder="Timeline reconstruction for the post-incident review"
        onValue={refusal.editing("purpose", setPurpose)}
        lines={refusal.errors.fields.purpose}
        errorTestId="evidence-error-purpose"
      />
    </ChangeForm>
  );
}

const LOUD_TITLES: Record<Exclude<EvidenceVerdict, "intact">, string> = {
  tamperedAtRest: "EVIDENCE TAMPERED — the stored file was altered after it was collected",
  alteredInTransit: "EVIDENCE ALTERED IN TRANSIT — what reached this desk is not what the platform holds",
  missing: "EVIDENCE MISSING — the stored file is gone",
};

function Opened({ evidence, opened }: { evidence: EvidenceItem; opened: EvidenceOpening }) {
  const toast = useToast();
  const save = () => {
    try {
      const bytes = fromBase64(opened.contentBase64);
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: opened.mediaType || "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = opened.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      toast.show(`The copy could not be saved: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  };
  return (
    <div className="evidence-opened" data-testid="evidence-opened" data-verdict={opened.verdict}>
      <Verdict opened={opened} />
      <dl className="audit-fields ops-fields evidence-facts">
        <dt>File</dt>
        <dd>
          {opened.fileName} <span className="faint">· {formatBytes(opened.sizeBytes)} · {opened.mediaType}</span>
        </dd>
        <dt>Collected</dt>
        <dd>
          {evidence.collectedBy} · {formatDateTime(evidence.collectedAt)}
        </dd>
      </dl>
      {opened.textPreview === null ? null : (
        <section className="evidence-preview-host" aria-label="Preview">
          <h4 className="section-label">Preview {opened.textPreview.length >= 64 * 1024 ? <span className="faint">(the first 64 KiB)</span> : null}</h4>
          <pre className="evidence-preview" data-testid="evidence-preview">
            {opened.textPreview}
          </pre>
        </section>
      )}
      <div className="dialog-actions evidence-actions">
        {opened.verdict === "missing" ? null : (
          <button type="button" className="button" data-testid="evidence-save" onClick={save} title={opened.verdict === "intact" ? "Save the file as collected" : "Save what was received, for the investigation of the mismatch"}>
            <Download size={13} aria-hidden /> Save a copy
          </button>
        )}
        <Dialog.Close className="button button-primary" type="button">
          <X size={13} aria-hidden /> Done
        </Dialog.Close>
      </div>
      <Custody entries={opened.custody} />
    </div>
  );
}

function Verdict({ opened }: { opened: EvidenceOpening }) {
  if (opened.verdict === "intact") {
    return (
      <div className="evidence-verdict is-intact" data-testid="evidence-verdict" data-verdict="intact" role="status">
        <CheckCircle2 size={16} aria-hidden />
        <div>
          <strong>Intact</strong> — the file matches the hash recorded when it was collected.
          <div className="mono-small evidence-hash-full" data-testid="evidence-verdict-hash">
            SHA-256 {opened.recordedSha256}
          </div>
        </div>
      </div>
    );
  }
  const now = opened.verdict === "alteredInTransit" ? opened.receivedSha256 : opened.storedSha256;
  return (
    <div className="evidence-verdict is-loud" data-testid="evidence-verdict" data-verdict={opened.verdict} role="alert">
      <ShieldAlert size={28} aria-hidden />
      <div className="evidence-verdict-text">
        <strong className="evidence-verdict-title">{LOUD_TITLES[opened.verdict]}</strong>
        <p>
          This file no longer matches the hash recorded when it was collected: recorded <span className="mono" data-testid="evidence-recorded-hash">{opened.recordedSha256}</span>,{" "}
          {opened.verdict === "alteredInTransit" ? "received now" : "stored now"} <span className="mono" data-testid="evidence-current-hash">{opened.verdict === "missing" ? "nothing (the bytes are gone)" : now}</span>.
        </p>
        <p className="small">Do not rely on it as evidence. The mismatch is on the incident's timeline and its chain of custody; tell the incident lead.</p>
      </div>
    </div>
  );
}

function Custody({ entries }: { entries: readonly CustodyEntry[] }) {
  return (
    <section aria-label="Chain of custody" className="evidence-custody-host">
      <h4 className="section-label">Chain of custody</h4>
      {entries.length === 0 ? (
        <p className="field-hint">No access recorded yet (this opening shows once sync brings it).</p>
      ) : (
        <table className="table custody-table" data-testid="evidence-custody">
          <thead>
            <tr>
              <th>Who</th>
              <th>When</th>
              <th>Action</th>
              <th>Purpose</th>
              <th className="align-center">Hash</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((c, i) => (
              <tr key={`${c.at}-${i}`} className={c.hashMatched ? "" : "is-mismatch"} data-testid="custody-row" data-matched={c.hashMatched}>
                <td className="mono-small">{c.login}</td>
                <td className="num">{formatDateTime(c.at)}</td>
                <td>{labelOf({}, c.action)}</td>
                <td className="custody-purpose">{c.purpose}</td>
                <td className="align-center" title={`SHA-256 seen: ${c.sha256Seen}`}>
                  {c.hashMatched ? (
                    <span className="positive-text" aria-label="matched">
                      ✓
                    </span>
                  ) : (
                    <span className="hash-mismatch-mark" aria-label="did not match">
                      ✗
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

// An incident's evidence: each file with its size, SHA-256 (shortened, copyable), who collected
// it and when, how often it was accessed, and a loud HASH MISMATCH once any access found the
// stored bytes changed; "Open" re-checks the hash (see EvidenceViewer). "Attach evidence" reads
// a file here, hashes it with Web Crypto where the window has it, base64-encodes it a piece at a
// time (with progress for a large file) and sends it; files over 50 MB are refused unread.
import { FileWarning, FolderOpen, Paperclip, ShieldAlert } from "lucide-react";
import { useId, useRef, useState, type SyntheticEvent } from "react";
import type { EvidenceItem, IncidentRecord } from "../bindings";
import { Field, TextField } from "../components/FormField";
import { useToast } from "../components/Toast";
import { formatCount, formatDateTime } from "../lib/format";
import { ChangeDialog, ChangeForm } from "./ChangeDialog";
import { EvidenceViewer } from "./EvidenceViewer";
import { useAttachEvidence } from "./queries";
import { EVIDENCE_FIELDS, formatBytes, isFinished, LARGE_FILE_BYTES, MAX_EVIDENCE_BYTES, sha256Hex, toBase64 } from "./securityFormat";
import { HashValue, useChange } from "./securityParts";
import { useFormRefusal } from "./useChangeForm";

type Props = { incident: IncidentRecord; evidence: readonly EvidenceItem[]; online: boolean };

export function EvidenceSection({ incident, evidence, online }: Props) {
  const [attaching, setAttaching] = useState(false);
  // By id: the viewer shows the chain of custody as sync brings it.
  const [openingId, setOpeningId] = useState<string | null>(null);
  const opening = openingId === null ? null : (evidence.find((e) => e.id === openingId) ?? null);
  const mismatches = evidence.filter((e) => e.mismatchSeen).length;
  return (
    <section className="pane-section" aria-label="Evidence" data-testid="evidence" data-count={evidence.length}>
      <h4 className="section-label evidence-head">
        <span>
          Evidence {evidence.length > 0 ? <span className="faint num">{formatCount(evidence.length)}</span> : null}
          {mismatches > 0 ? (
            <span className="hash-mismatch-badge" data-testid="evidence-mismatch-count">
              <ShieldAlert size={11} aria-hidden /> {mismatches} HASH MISMATCH
            </span>
          ) : null}
        </span>
        {isFinished(incident.status) ? null : (
          <button type="button" className="button button-small" data-testid="evidence-attach" onClick={() => setAttaching(true)}>
            <Paperclip size={12} aria-hidden /> Attach evidence
          </button>
        )}
      </h4>
      {evidence.length === 0 ? (
        <p className="field-hint">No evidence yet. Files attached here are stored with their SHA-256 and every access is recorded.</p>
      ) : (
        <ul className="evidence-list">
          {evidence.map((e) => (
            <li key={e.id} className={`evidence-item${e.mismatchSeen ? " is-mismatch" : ""}`} data-testid={`evidence-row-${e.fileName}`} data-id={e.id} data-mismatch={e.mismatchSeen}>
              <div className="evidence-main">
                <span className="evidence-name strong" title={e.mediaType}>
                  {e.fileName}
                </span>
                {e.mismatchSeen ? (
                  <span className="hash-mismatch-badge" data-testid="evidence-mismatch" title="An access found the stored file no longer matching the hash recorded when it was collected">
                    <FileWarning size={11} aria-hidden /> HASH MISMATCH
                  </span>
                ) : null}
                <span className="num muted evidence-size" data-testid="evidence-size">
                  {formatBytes(e.sizeBytes)}
                </span>
                <button type="button" className="button button-small" data-testid={`evidence-open-${e.fileName}`} onClick={() => setOpeningId(e.id)} title="Open (re-checks the hash; recorded on the chain of custody)">
                  <FolderOpen size={12} aria-hidden /> Open
                </button>
              </div>
              {e.description.trim() === "" ? null : <p className="evidence-description small">{e.description}</p>}
              <div className="evidence-meta faint small">
                <HashValue hash={e.sha256} testId="evidence-hash" />
                <span>
                  {e.collectedBy} · {formatDateTime(e.collectedAt)}
                </span>
                <span className="num" data-testid="evidence-custody-count" title="Entries on its chain of custody">
                  {formatCount(e.custody.length)} custody {e.custody.length === 1 ? "entry" : "entries"}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      <AttachDialog incident={incident} open={attaching} online={online} onOpenChange={setAttaching} />
      <EvidenceViewer evidence={opening} online={online} onOpenChange={(o) => (o ? undefined : setOpeningId(null))} />
    </section>
  );
}

function AttachDialog({ incident, open, online, onOpenChange }: { incident: IncidentRecord; open: boolean; online: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <ChangeDialog open={open} onOpenChange={onOpenChange} title="Attach evidence" description="The file is stored with its SHA-256; up to 50 MB." testId="evidence-attach-dialog">
      <AttachForm incident={incident} online={online} onDone={() => onOpenChange(false)} />
    </ChangeDialog>
  );
}

type Progress = { phase: "reading" | "hashing" | "encoding" | "sending"; fraction: number | null };

const PHASE_WORDS: Record<Progress["phase"], string> = {
  reading: "Reading the file…",
  hashing: "Computing its SHA-256…",
  encoding: "Preparing it to send…",
  sending: "Sending it to the platform…",
};

function AttachForm({ incident, online, onDone }: { incident: IncidentRecord; online: boolean; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState("");
  const [progress, setProgress] = useState<Progress | null>(null);
  const refusal = useFormRefusal(EVIDENCE_FIELDS);
  const m = useAttachEvidence();
  const change = useChange();
  const toast = useToast();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const f = refusal.errors.fields;
  const busy = progress !== null;

  const onSubmit = async (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (busy) return;
    if (file === null) {
      refusal.set("file", "Choose a file.");
      return;
    }
    if (file.size > MAX_EVIDENCE_BYTES) {
      refusal.set("file", `${file.name} is ${formatBytes(file.size)}; evidence is limited to 50 MB per file.`);
      return;
    }
    if (description.trim() === "") {
      refusal.set("description", "Say what the file is and where it came from.");
      return;
    }
    refusal.clear();
    const large = file.size > LARGE_FILE_BYTES;
    try {
      setProgress({ phase: "reading", fraction: null });
      const bytes = new Uint8Array(await file.arrayBuffer());
      setProgress({ phase: "hashing", fraction: null });
      const sha256 = await sha256Hex(bytes);
      setProgress({ phase: "encoding", fraction: 0 });
      const contentBase64 = await toBase64(bytes, large ? (fraction) => setProgress({ phase: "encoding", fraction }) : undefined);
      setProgress({ phase: "sending", fraction: null });
      change.run(
        m,
        { incidentId: incident.id, fileName: file.name, mediaType: file.type, description: description.trim(), contentBase64, sha256 },
        {
          onSuccess: () => {
            setProgress(null);
            toast.show(`${file.name} stored as evidence`);
            onDone();
          },
          onError: (e) => {
            setProgress(null);
            refusal.fail(e);
          },
        },
      );
    } catch (e) {
      setProgress(null);
      refusal.fail(new Error(`The file could not be read here: ${e instanceof Error ? e.message : String(e)}`));
    }
  };

  const submit = { pending: busy, label: "Attach", testId: "evidence-submit", icon: <Paperclip size={12} aria-hidden /> };
  return (
    <ChangeForm label="Attach evidence" refusal={refusal} testId="evidence" online={online} needs="attaching evidence" onSubmit={(ev) => void onSubmit(ev)} submit={submit}>
      <Field id={`${id}-file`} label="File" lines={f.file} errorTestId="evidence-error-file">
        {(control) => (
          <>
            <input
              ref={input}
              {...control}
              type="file"
              className="input input-file"
              data-testid="evidence-file"
              disabled={busy}
              onChange={(ev) => {
                const chosen = ev.target.files?.[0] ?? null;
                setFile(chosen);
                refusal.edit("file");
                if (chosen !== null && chosen.size > MAX_EVIDENCE_BYTES) refusal.set("file", `${chosen.name} is ${formatBytes(chosen.size)}; evidence is limited to 50 MB per file.`);
              }}
            />
            {file === null ? null : (
              <span className="field-hint num" data-testid="evidence-file-size">
                {file.name} · {formatBytes(file.size)}
                {file.type === "" ? "" : ` · ${file.type}`}
              </span>
            )}
          </>
        )}
      </Field>
      <TextField
        id={`${id}-description`}
        label="What it is and where it came from"
        rows={3}
        required
        testId="evidence-description"
        value={description}
        disabled={busy}
        placeholder="Auth proxy log of 2026-11-30, exported from the log store by ana"
        onValue={refusal.editing("description", setDescription)}
        lines={f.description}
        errorTestId="evidence-error-description"
      />
      {progress === null ? null : (
        <div className="evidence-progress" role="progressbar" aria-label={PHASE_WORDS[progress.phase]} aria-valuenow={progress.fraction === null ? undefined : Math.round(progress.fraction * 100)} data-testid="evidence-progress" data-phase={progress.phase}>
          <div className="progress-track">
            {progress.fraction === null ? <div className="progress-bar-indeterminate" /> : <div className="progress-fill" style={{ width: `${Math.round(progress.fraction * 100)}%` }} />}
          </div>
          <span className="small muted">
            {PHASE_WORDS[progress.phase]}
            {progress.fraction === null ? "" : ` ${Math.round(progress.fraction * 100)} %`}
          </span>
        </div>
      )}
    </ChangeForm>
  );
}

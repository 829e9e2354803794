// One flag beside the list: what it is (key, description, owner, the flags it needs and the
// flags that need it), an environment toggle (production first shown), and for that
// environment the version being edited, the state form, Roll back and Archive…, the week's
// evaluations per variant and the history. What a change did shows under the toggle. Offline
// everything still shows, as last synced, and the actions stay off with the reason.
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { CircleAlert, CircleCheck, CloudOff, X } from "lucide-react";
import { useState } from "react";
import type { FlagView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { ReportError, ReportLoading } from "../finance/parts";
import { deskErrorOf } from "../lib/errors";
import { formatAbsolute } from "../lib/time";
import { useNow } from "../lib/useNow";
import { FlagActions } from "./FlagActions";
import { FlagChart } from "./FlagChart";
import { FlagHistory } from "./FlagHistory";
import { FlagStateForm } from "./FlagStateForm";
import { FLAG_ENVIRONMENTS, FLAGS_OFFLINE_HINT, versionLine, type FlagMessage } from "./flagsFormat";
import { ArchivedBadge, EnvState, StaleBadge } from "./flagsParts";
import { useFlag } from "./flagsQueries";
import { useFlagsState } from "./flagsState";
import { environmentLabel } from "./settingsFormat";

type Props = {
  flag: FlagView;
  /** Whether the local copy has it yet (a flag just created waits for the sync). */
  synced: boolean;
  online: boolean;
  onClose: () => void;
};

export function FlagPanel({ flag, synced, online, onClose }: Props) {
  const { environment: env, setEnvironment } = useFlagsState();
  const detail = useFlag(flag.key, env);
  const [message, setMessage] = useState<FlagMessage | null>(null);
  const now = useNow(30_000);
  const live = flag[env];
  // A flag just created is not in the local copy until the sync brings it in.
  const waiting = !synced && deskErrorOf(detail.error)?.code === "notFound";
  const data = detail.data?.flag.key === flag.key ? detail.data : undefined;

  return (
    <aside className="finance-pane flag-pane" data-testid="flag-panel" data-key={flag.key} data-env={env} aria-label="Feature flag">
      <header className="pane-head">
        <div className="audit-pane-title">
          <span className="badges">
            {flag.archivedAt === null ? null : <ArchivedBadge at={flag.archivedAt} />}
            {flag.stale === null ? null : <StaleBadge stale={flag.stale} />}
          </span>
          <button type="button" className="button button-ghost button-small" data-testid="flag-panel-close" onClick={onClose} title="Close (Esc)">
            <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
          </button>
        </div>
        <div className="pane-title mono setting-pane-key" data-testid="flag-panel-key">
          {flag.key}
        </div>
        <p className="muted setting-pane-description" data-testid="flag-panel-description">
          {flag.description}
        </p>
      </header>
      <dl className="audit-fields flag-fields">
        <dt>Owner</dt>
        <dd data-testid="flag-owner">{flag.owner === "" ? <span className="faint">Nobody named</span> : flag.owner}</dd>
        <dt>Needs</dt>
        <dd data-testid="flag-prerequisites-list">
          <KeyList keys={flag.prerequisites} none="No prerequisites" />
        </dd>
        <dt>Needed by</dt>
        <dd data-testid="flag-dependants">{data === undefined ? <span className="faint">…</span> : <KeyList keys={data.dependants} none="No flag depends on it" />}</dd>
      </dl>
      <section className="pane-section" aria-label="Environment">
        <ToggleGroup.Root
          type="single"
          className="segmented segmented-wide flag-env-toggle"
          aria-label="Environment"
          value={env}
          onValueChange={(v) => {
            const next = FLAG_ENVIRONMENTS.find((e) => e === v);
            if (next !== undefined && next !== env) {
              setMessage(null);
              setEnvironment(next);
            }
          }}
        >
          {FLAG_ENVIRONMENTS.map((e) => (
            <ToggleGroup.Item key={e} value={e} className="segment flag-env-segment" data-testid={`flag-env-${e}`}>
              {environmentLabel(e)}
              <EnvState env={flag[e]} />
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
        <p className="field-hint flag-version" data-testid="flag-version">
          {live === null ? (
            `No state in ${env} yet${synced ? "" : " (the sync brings it in shortly)"}.`
          ) : (
            <span title={formatAbsolute(live.updatedAt)}>Editing {versionLine(live, now)}</span>
          )}
        </p>
        {online ? null : (
          <p className="field-hint roles-locked setting-offline-hint" data-testid="flag-offline-hint">
            <CloudOff size={12} aria-hidden /> {FLAGS_OFFLINE_HINT}
          </p>
        )}
        {message === null ? null : <Message message={message} onDismiss={() => setMessage(null)} />}
      </section>
      <section className="pane-section">
        <FlagStateForm key={`${flag.key}:${env}`} flag={flag} environment={env} online={online} onSaved={(text) => setMessage({ tone: "ok", text })} />
        <FlagActions flag={flag} environment={env} online={online} changes={data?.changes} onDone={setMessage} />
      </section>
      {waiting ? (
        <p className="field-hint" data-testid="flag-waiting">
          {flag.key} was created; its history and evaluations show once the sync brings it in.
        </p>
      ) : detail.isError ? (
        <ReportError title="The flag's history could not be read." error={detail.error} onRetry={() => void detail.refetch()} testId="flag-detail-error" />
      ) : data === undefined ? (
        <ReportLoading label="Reading the history…" testId="flag-detail-loading" />
      ) : (
        <>
          <FlagChart environment={env} series={data.environment === env ? data.series : undefined} />
          <FlagHistory environment={env} changes={data.changes} />
        </>
      )}
    </aside>
  );
}

/** Flag keys in monospace, or a quiet "none". */
function KeyList({ keys, none }: { keys: readonly string[]; none: string }) {
  if (keys.length === 0) return <span className="faint">{none}</span>;
  return (
    <span className="flag-key-list">
      {keys.map((k) => (
        <code key={k} className="mono-small flag-key-chip">
          {k}
        </code>
      ))}
    </span>
  );
}

/** The outcome of the last save, rollback or archive. */
function Message({ message, onDismiss }: { message: FlagMessage; onDismiss: () => void }) {
  const ok = message.tone === "ok";
  return (
    <div className={`setting-outcome flag-message ${ok ? "is-ok" : "is-failed"}`} role={ok ? "status" : "alert"} data-testid="flag-message" data-tone={message.tone}>
      <div className="setting-outcome-head">
        <p className="setting-outcome-message">
          {ok ? <CircleCheck size={13} aria-hidden /> : <CircleAlert size={13} aria-hidden />} {message.text}
        </p>
        <button type="button" className="icon-button" aria-label="Dismiss" data-testid="flag-message-dismiss" onClick={onDismiss}>
          <X size={12} />
        </button>
      </div>
    </div>
  );
}

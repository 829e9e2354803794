// The panel's two other actions on a flag: Roll back — one click, the environment goes back to
// the state before its current version (as a new version, the reason saying so) — and
// Archive…, which asks why first. Each is off, with the reason, offline, on an archived flag,
// or (rollback) while the environment has only its first version.
import { Archive, Undo2 } from "lucide-react";
import { useState } from "react";
import type { Environment, FlagChange, FlagView } from "../bindings";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";
import { FlagArchiveDialog } from "./FlagArchiveDialog";
import { rollbackBlocked, rollbackReason, rolledBackMessage, type FlagMessage } from "./flagsFormat";
import { useRollbackFlag } from "./flagsQueries";

type Props = {
  flag: FlagView;
  environment: Environment;
  online: boolean;
  /** Both environments' versions, when read (to say which state a rollback restores). */
  changes: readonly FlagChange[] | undefined;
  onDone: (message: FlagMessage) => void;
};

export function FlagActions({ flag, environment, online, changes, onDone }: Props) {
  const [archiving, setArchiving] = useState(false);
  const rollback = useRollbackFlag();
  const live = flag[environment];
  const blocked = rollbackBlocked(flag, live, online);
  const archiveBlocked = flag.archivedAt !== null ? "Already archived." : !online ? "Offline: archiving needs the platform." : null;

  const rollBack = () => {
    if (live === null || blocked !== null) return;
    const from = live.version;
    const restored = changes?.find((c) => c.environment === environment && c.version === from - 1)?.state ?? null;
    rollback.mutate(
      { key: flag.key, environment, reason: rollbackReason(from) },
      {
        onSuccess: (version) => onDone({ tone: "ok", text: rolledBackMessage(flag.key, environment, version, from, restored) }),
        onError: (e) => onDone({ tone: "error", text: `The rollback was refused: ${errorMessage(e)}` }),
      },
    );
  };

  return (
    <div className="flag-actions">
      <button
        type="button"
        className="button button-small"
        data-testid="flag-rollback"
        disabled={blocked !== null || rollback.isPending}
        title={blocked ?? (live === null ? undefined : `Back to version ${live.version - 1}'s state in ${environment}, as a new version`)}
        onClick={rollBack}
      >
        {rollback.isPending ? <Spinner size={12} /> : <Undo2 size={12} aria-hidden />}
        Roll back {environment}
      </button>
      <button
        type="button"
        className="button button-ghost button-small flag-archive"
        data-testid="flag-archive"
        disabled={archiveBlocked !== null}
        title={archiveBlocked ?? "Off in both environments and no longer evaluated"}
        onClick={() => setArchiving(true)}
      >
        <Archive size={12} aria-hidden /> Archive…
      </button>
      {blocked === null ? null : (
        <span className="field-hint flag-actions-blocked" data-testid="flag-rollback-blocked">
          {blocked}
        </span>
      )}
      <FlagArchiveDialog
        flagKey={flag.key}
        open={archiving}
        online={online}
        onOpenChange={setArchiving}
        onArchived={() => {
          setArchiving(false);
          onDone({ tone: "ok", text: `${flag.key} is archived: off in both environments and no longer evaluated.` });
        }}
      />
    </div>
  );
}

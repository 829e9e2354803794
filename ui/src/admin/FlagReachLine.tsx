// How many tenants the state being edited would reach (targeting and rollout, before
// prerequisites): asked of the platform once the rollout or targeting stop changing, so typing
// a percentage does not count the tenants at every keystroke. Online only; the caller hides it
// offline.
import { Users } from "lucide-react";
import type { FlagState } from "../bindings";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";
import { formatCount } from "../lib/format";
import { useDebounced } from "../lib/useDebounced";
import { useFlagReach } from "./flagsQueries";

/** How long the rollout and targeting must stay unchanged before the tenants are counted. */
export const REACH_DEBOUNCE_MS = 300;

export function FlagReachLine({ flagKey, state }: { flagKey: string; state: FlagState | null }) {
  const json = state === null || state.rolloutPercent > 100 ? "" : JSON.stringify(state);
  const settled = useDebounced(json, REACH_DEBOUNCE_MS);
  const reach = useFlagReach(flagKey, settled === "" ? null : settled);
  if (settled === "") return null;
  return (
    <p className="field-hint flag-reach" data-testid="flag-reach" aria-live="polite">
      <Users size={12} aria-hidden />
      {reach.isError ? (
        <span>Could not count the tenants: {errorMessage(reach.error)}</span>
      ) : reach.data === undefined ? (
        <>
          <Spinner size={10} /> Counting the tenants…
        </>
      ) : (
        <span className={reach.isPlaceholderData || json !== settled ? "faint" : undefined}>
          reaches <span className="num">{formatCount(reach.data.reached)}</span> of <span className="num">{formatCount(reach.data.tenants)}</span> tenants
        </span>
      )}
    </p>
  );
}

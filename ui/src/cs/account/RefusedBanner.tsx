import { AlertTriangle } from "lucide-react";
import type { RefusedChange } from "../../bindings";
import { formatDateTime, humanize } from "../../lib/format";

/** The member's changes to this account that the platform refused, with its reasons. */
export function RefusedBanner({ refused }: { refused: RefusedChange[] }) {
  if (refused.length === 0) return null;
  return (
    <div className="banner banner-error refused-banner" role="alert" data-testid="refused-banner">
      <AlertTriangle size={14} aria-hidden />
      <div>
        <strong>
          The platform refused {refused.length === 1 ? "a change" : `${refused.length} changes`} you made to this account.
        </strong>
        <ul className="refused-list">
          {refused.map((r, i) => (
            <li key={`${r.at}-${i}`}>
              <span className="refused-action">{humanize(r.action)}</span> — {humanize(r.reason).toLowerCase()}: {r.message}{" "}
              <span className="muted">({formatDateTime(r.at)})</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

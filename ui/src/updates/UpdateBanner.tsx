// What the daily check found, said once and out of the way: a small banner in the corner that
// opens the update dialog, or goes away until the next check.
import { ArrowUpCircle, X } from "lucide-react";
import type { UpdateInfo } from "../bindings";

type Props = { update: UpdateInfo; onView: () => void; onDismiss: () => void };

export function UpdateBanner({ update, onView, onDismiss }: Props) {
  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      <ArrowUpCircle size={15} aria-hidden />
      <span>Penguin Desk {update.version} is available.</span>
      <button type="button" className="button button-small button-primary" data-testid="update-banner-view" onClick={onView}>
        View
      </button>
      <button type="button" className="icon-button" aria-label="Not now" onClick={onDismiss}>
        <X size={13} />
      </button>
    </div>
  );
}

import * as Tooltip from "@radix-ui/react-tooltip";
import { ArrowLeft, CloudOff, Plus } from "lucide-react";
import type { BookRow } from "../../bindings";
import { Kbd } from "../../components/Kbd";
import { humanize } from "../../lib/format";
import { PendingCount } from "../../components/SyncBadge";
import { ExportMenu } from "./ExportMenu";

const STATUS_TONE: Record<string, string> = {
  active: "badge-ok",
  trial: "badge-accent",
  trialing: "badge-accent",
  past_due: "badge-danger",
  cancelled: "",
};

type Props = {
  account: BookRow;
  onBack: () => void;
  onAddTouchpoint: () => void;
  online: boolean;
};

/** Back to the book, the account's name and identity, and what can be done from here. */
export function AccountHeader({ account, onBack, onAddTouchpoint, online }: Props) {
  const status = account.status;
  return (
    <div className="account-header">
      <button type="button" className="button button-ghost button-small back-button" data-testid="account-back" onClick={onBack} title="Back to the book (Esc)">
        <ArrowLeft size={13} aria-hidden /> Book of accounts <Kbd>Esc</Kbd>
      </button>
      <div className="account-title-row">
        <div className="account-identity">
          <h2 className="account-title" data-testid="account-name">
            {account.name}
          </h2>
          <div className="account-subtitle">
            <span className="mono">{account.domain}</span>
            {status ? (
              <span className={`badge ${STATUS_TONE[status] ?? ""}`} data-testid="account-status">
                {humanize(status)}
              </span>
            ) : null}
            <PendingCount count={account.pendingChanges} />
            {online ? null : (
              <Tooltip.Root>
                <Tooltip.Trigger asChild>
                  <span className="badge" data-testid="account-offline" tabIndex={0}>
                    <CloudOff size={11} aria-hidden /> Offline copy
                  </span>
                </Tooltip.Trigger>
                <Tooltip.Portal>
                  <Tooltip.Content className="tooltip tooltip-wrap" sideOffset={5}>
                    The platform is unreachable: this is the copy on this laptop as of the last sync. Changes are saved here and sent later.
                  </Tooltip.Content>
                </Tooltip.Portal>
              </Tooltip.Root>
            )}
          </div>
        </div>
        <div className="account-actions">
          <button type="button" className="button button-primary" data-testid="add-touchpoint" onClick={onAddTouchpoint}>
            <Plus size={13} aria-hidden /> Add touchpoint <Kbd>N</Kbd>
          </button>
          <ExportMenu tenantId={account.tenantId} />
        </div>
      </div>
    </div>
  );
}

import { Database, RefreshCw } from "lucide-react";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { requestSync, useLocalCopy } from "../lib/queries";
import { collectionLabel } from "../lib/collections";
import { errorMessage } from "../lib/errors";

const numbers = new Intl.NumberFormat();

/** What the laptop's encrypted copy holds, collection by collection. */
export function LocalCopyPanel({ syncing }: { syncing: boolean }) {
  const now = useNow();
  const copy = useLocalCopy();
  const total = (copy.data ?? []).reduce((n, c) => n + c.rows, 0);
  return (
    <section className="panel panel-wide" data-testid="local-copy">
      <div className="panel-head">
        <h3 className="panel-title">Local copy</h3>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="sync-now"
          disabled={syncing}
          onClick={() => void requestSync()}
          title="Send queued changes and pull the latest now"
        >
          <RefreshCw size={12} aria-hidden className={syncing ? "spin" : undefined} /> {syncing ? "Syncing…" : "Sync now"}
        </button>
      </div>
      {copy.isError ? (
        <p className="muted">The local copy could not be read: {errorMessage(copy.error)}</p>
      ) : copy.data === undefined ? (
        <p className="muted">Reading the local copy…</p>
      ) : copy.data.length === 0 ? (
        <div className="empty-inline" data-testid="local-copy-empty">
          <Database size={16} aria-hidden />
          <span>Nothing synced yet. Your data appears here after the first sync with the platform.</span>
        </div>
      ) : (
        <>
          <p className="muted small">
            {numbers.format(total)} rows in {copy.data.length} collections, encrypted on this laptop and readable offline.
          </p>
          <div className="table-scroll">
            <table className="table dense" data-testid="local-copy-table">
              <thead>
                <tr>
                  <th scope="col">Collection</th>
                  <th scope="col" className="num">Rows</th>
                  <th scope="col" className="num">Pending</th>
                  <th scope="col">Synced</th>
                </tr>
              </thead>
              <tbody>
                {copy.data.map((c) => (
                  <tr key={c.collection} data-collection={c.collection}>
                    <td>{collectionLabel(c.collection)}</td>
                    <td className="num">{numbers.format(c.rows)}</td>
                    <td className={`num${c.pending > 0 ? " attention" : ""}`}>{c.pending > 0 ? numbers.format(c.pending) : "–"}</td>
                    <td title={formatAbsolute(c.syncedAt)}>{formatRelative(c.syncedAt, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

// Feature flags, Admin's fourth tab: every flag from the local copy (so it reads offline, as
// last synced) with what staging and production run, production's last 24 hours and whether it
// is stale; filtered by words in the key or description, or narrowed to the stale report. Enter
// opens a flag in the panel beside the list, where an administrator changes it per
// environment, rolls it back or archives it; Esc closes it, the filter and the row kept. New
// flag (or `n` on the list) creates one, off in both environments, and opens it.
import { Flag, FilterX, Plus, Sparkles } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { FlagView } from "../bindings";
import { FilterText } from "../components/FilterText";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { ReportEmpty, ReportError } from "../finance/parts";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen } from "../lib/nav";
import { FlagPanel } from "./FlagPanel";
import { createdFlag, FLAGS_OFFLINE_HINT, matchesFlag } from "./flagsFormat";
import { FlagsOfflineNote } from "./flagsParts";
import { useFlags, useStaleFlags } from "./flagsQueries";
import { useFlagsState } from "./flagsState";
import { FlagsTable } from "./FlagsTable";
import { NewFlagDialog } from "./NewFlagDialog";

type Props = {
  online: boolean;
  /** When the local copy last synced (the flags are as fresh as that offline). */
  lastSyncAt: string | null;
  /** The signed-in member's login (the owner of a flag they create). */
  me: string;
};

export function FlagsView({ online, lastSyncAt, me }: Props) {
  const { filter, setFilter, staleOnly, setStaleOnly, position, open, setOpen, setEnvironment } = useFlagsState();
  const flags = useFlags();
  const stale = useStaleFlags();
  const [creating, setCreating] = useState(false);
  const all = flags.data;
  const source = staleOnly ? stale.data : all;
  const rows = useMemo(() => source?.filter((f) => matchesFlag(f, filter)), [source, filter]);
  const gridHost = useRef<HTMLDivElement>(null);

  // The panel shows the flag as last listed (a change or a sync refreshes it); one the filter has
  // since hidden, or one just created and not synced yet, stays as it was opened.
  const listed = open === null ? undefined : all?.find((f) => f.key === open.key);
  const flag: FlagView | null = open === null ? null : (listed ?? open);

  const focusGrid = () => gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  // The grid takes the keyboard as soon as the list shows.
  useEffect(() => {
    focusGrid();
  }, []);

  // Esc closes the panel (not while typing, nor with a dialog or menu open).
  useEffect(() => {
    if (open === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      setOpen(null);
      focusGrid();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, setOpen]);

  const empty =
    filter !== null && (source?.length ?? 0) > 0 ? (
      <ReportEmpty
        icon={<FilterX size={20} aria-hidden />}
        title="No flag matches"
        body="Try fewer words, or part of a key."
        action={
          <button type="button" className="button" data-testid="flags-empty-clear" onClick={() => setFilter(null)}>
            Clear filter
          </button>
        }
        testId="flags-empty-filter"
      />
    ) : staleOnly ? (
      <ReportEmpty
        icon={<Sparkles size={20} aria-hidden />}
        title="No stale flags"
        body="No flag has been fully on or off for 30 days, and production evaluates every one."
        action={
          <button type="button" className="button" data-testid="flags-empty-all" onClick={() => setStaleOnly(false)}>
            Show every flag
          </button>
        }
        testId="flags-empty-stale"
      />
    ) : (
      <ReportEmpty icon={<Flag size={20} aria-hidden />} title="No flags yet" body="Feature flags arrive with the first sync." testId="flags-empty" />
    );

  const choose = (f: FlagView) => {
    // While the panel is open it follows the choice, as a mail client's reading pane does.
    if (open !== null) setOpen(f);
  };
  const staleCount = stale.data?.length ?? 0;
  const newFlag = online && open === null ? () => setCreating(true) : undefined;

  return (
    <div className="finance-list flags-view" data-testid="flags-view">
      <div className="finance-toolbar">
        <div className="book-summary muted" data-testid="flags-summary">
          {(flags.isFetching && all !== undefined) || (stale.isFetching && stale.data !== undefined) ? <Spinner size={12} /> : null}
          {rows === undefined ? null : (
            <span className="num">
              {`${formatCount(rows.length)} ${rows.length === 1 ? "flag" : "flags"}`}
              {staleOnly ? " in the stale report" : staleCount > 0 ? ` · ${formatCount(staleCount)} stale` : ""}
            </span>
          )}
        </div>
        {online ? null : <FlagsOfflineNote lastSyncAt={lastSyncAt} />}
        <div className="finance-actions">
          <button
            type="button"
            className="button button-primary button-small"
            data-testid="flag-new"
            disabled={!online}
            title={online ? "New flag (N)" : FLAGS_OFFLINE_HINT}
            onClick={() => setCreating(true)}
          >
            <Plus size={13} aria-hidden /> New flag <Kbd>N</Kbd>
          </button>
        </div>
      </div>
      <div className="filter-bar">
        <FilterText value={filter} onCommit={setFilter} label="Filter flags" placeholder="Key or description…" testId="flags-filter" icon />
        <button
          type="button"
          className={`button button-small flags-stale-toggle${staleOnly ? " is-on" : ""}`}
          aria-pressed={staleOnly}
          data-testid="flags-stale-toggle"
          title={staleOnly ? "Show every flag" : "Only the flags fully on or off for 30 days, or not evaluated for 14"}
          onClick={() => setStaleOnly(!staleOnly)}
        >
          Stale ({formatCount(staleCount)})
        </button>
      </div>
      {flags.isError ? <ReportError title="The flags could not be read." error={flags.error} onRetry={() => void flags.refetch()} testId="flags-load-error" /> : null}
      {staleOnly && stale.isError ? (
        <ReportError title="The stale report could not be read." error={stale.error} onRetry={() => void stale.refetch()} testId="flags-stale-error" />
      ) : null}
      <div className={`audit-split flags-split${flag === null ? "" : " has-pane"}`}>
        <div className="book-host" ref={gridHost}>
          <FlagsTable
            key={`${filter ?? ""}|${staleOnly}`}
            rows={rows}
            position={position}
            openKey={flag?.key ?? null}
            onOpen={setOpen}
            onChoose={choose}
            onNew={newFlag}
            empty={empty}
          />
        </div>
        {flag === null ? null : (
          <FlagPanel
            key={flag.key}
            flag={flag}
            synced={listed !== undefined}
            online={online}
            onClose={() => {
              setOpen(null);
              focusGrid();
            }}
          />
        )}
      </div>
      <NewFlagDialog
        open={creating}
        online={online}
        taken={all?.map((f) => f.key) ?? []}
        onOpenChange={(o) => {
          setCreating(o);
          if (!o) focusGrid();
        }}
        onCreated={(key, description, version) => {
          setCreating(false);
          setEnvironment("staging");
          setOpen(createdFlag(key, description, version, me, new Date()));
        }}
      />
    </div>
  );
}

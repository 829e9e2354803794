// Customer escalations, Operations' second tab: the list (open first, then by severity and age,
// from the local copy so it works offline) with its counts, filters and a keyboard grid; Enter
// opens one in the panel beside it (Esc closes it); New escalation opens one (queued offline).
// The Patterns toggle swaps the list for the patterns report.
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { FilterX, LifeBuoy, Plus } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { EscalationCounts } from "../bindings";
import { Spinner } from "../components/Spinner";
import { DataGrid } from "../finance/DataGrid";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen, useNav } from "../lib/nav";
import { escalationColumns } from "./escalationColumns";
import { EscalationDetail } from "./EscalationDetail";
import { EscalationFilters, hasEscalationFilters } from "./EscalationFilters";
import { EscalationPatterns } from "./EscalationPatterns";
import { NewEscalationDialog } from "./NewEscalationDialog";
import { DEFAULT_ESCALATION_QUERY, useOpsState } from "./opsState";
import { useEscalations } from "./queries";

export function EscalationsView({ online }: { online: boolean }) {
  const { escalationQuery: query, setEscalationQuery: setQuery, patterns, setPatterns } = useOpsState();
  const nav = useNav();
  const list = useEscalations(query);
  const [creating, setCreating] = useState(false);
  const gridHost = useRef<HTMLDivElement>(null);
  const data = list.data;
  const openId = nav.escalation;

  const focusGrid = () => gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  useEffect(() => {
    if (!patterns) focusGrid();
  }, [patterns]);

  // Esc closes the panel (not while typing, nor with a dialog open).
  useEffect(() => {
    if (openId === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      nav.openEscalation(null);
      focusGrid();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [openId, nav]);

  const empty = hasEscalationFilters(query) ? (
    <ReportEmpty
      icon={<FilterX size={20} aria-hidden />}
      title="No escalation matches these filters"
      body="Widen the states, or clear the search."
      action={
        <button type="button" className="button" data-testid="escalation-empty-clear" onClick={() => setQuery(() => DEFAULT_ESCALATION_QUERY)}>
          Show open escalations
        </button>
      }
      testId="escalation-empty-filters"
    />
  ) : (
    <ReportEmpty
      icon={<LifeBuoy size={20} aria-hidden />}
      title="No open escalations"
      body="Escalations that support hands over appear here, with the customer's next update due."
      testId="escalation-empty"
    />
  );

  return (
    <div className="finance-list ops-escalations" data-testid="ops-escalations" data-view={patterns ? "patterns" : "list"}>
      <div className="finance-toolbar">
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="Escalations view"
          value={patterns ? "patterns" : "list"}
          onValueChange={(v) => {
            if (v !== "") setPatterns(v === "patterns");
          }}
        >
          <ToggleGroup.Item value="list" className="segment" data-testid="escalation-view-list">
            List
          </ToggleGroup.Item>
          <ToggleGroup.Item value="patterns" className="segment" data-testid="escalation-view-patterns">
            Patterns
          </ToggleGroup.Item>
        </ToggleGroup.Root>
        {patterns ? null : (
          <Counts counts={data?.counts} overdueOn={query.overdueOnly} onOverdue={() => setQuery((q) => ({ ...q, overdueOnly: !q.overdueOnly }))} />
        )}
        {patterns || data === undefined ? null : (
          <div className="book-summary muted" data-testid="escalation-summary">
            {list.isFetching ? <Spinner size={12} /> : null}
            <span className="num">
              {formatCount(data.escalations.length)} {data.escalations.length === 1 ? "escalation" : "escalations"} shown
            </span>
          </div>
        )}
        <div className="finance-actions">
          <button type="button" className="button button-primary button-small" data-testid="escalation-new" onClick={() => setCreating(true)} title="Open an escalation (works offline)">
            <Plus size={13} aria-hidden /> New escalation
          </button>
        </div>
      </div>
      {patterns ? (
        <EscalationPatterns onOpen={(id) => {
          setPatterns(false);
          nav.openEscalation(id);
        }} />
      ) : (
        <>
          <EscalationFilters query={query} onChange={setQuery} />
          <RefreshBar active={list.isPlaceholderData} />
          {list.isError ? <ReportError title="The escalations could not be read." error={list.error} onRetry={() => void list.refetch()} testId="escalation-error" /> : null}
          {data === undefined ? (
            list.isPending ? <ReportLoading label="Reading escalations…" testId="escalation-loading" /> : null
          ) : (
            <div className={`audit-split ops-split${openId === null ? "" : " has-pane"}`}>
              <div className="book-host" ref={gridHost}>
                <DataGrid
                  rows={data.escalations}
                  columns={escalationColumns}
                  rowKey={(e) => e.id}
                  onOpen={(e) => nav.openEscalation(e.id)}
                  onChoose={(e) => {
                    if (openId !== null) nav.openEscalation(e.id);
                  }}
                  activeKey={openId}
                  label="Escalations"
                  testId="escalation-grid"
                  rowTestId={(e) => `escalation-row-${e.id}`}
                  rowStatus={(e) => e.state}
                  rowClass={(e) => `${e.overdue ? "is-overdue" : ""} state-${e.state}`}
                  minWidth={openId === null ? 980 : 620}
                  empty={empty}
                />
              </div>
              {openId === null ? null : <EscalationDetail key={openId} id={openId} online={online} onClose={() => {
                nav.openEscalation(null);
                focusGrid();
              }} />}
            </div>
          )}
        </>
      )}
      <NewEscalationDialog
        open={creating}
        online={online}
        known={data?.escalations ?? []}
        onOpenChange={(o) => {
          setCreating(o);
          if (!o) focusGrid();
        }}
        onCreated={(id) => {
          setCreating(false);
          nav.openEscalation(id);
        }}
      />
    </div>
  );
}

/** Open / overdue / waiting over every escalation; overdue toggles the filter. */
function Counts({ counts, overdueOn, onOverdue }: { counts: EscalationCounts | undefined; overdueOn: boolean; onOverdue: () => void }) {
  if (counts === undefined) return null;
  return (
    <div className="alert-counts" data-testid="escalation-counts">
      <span className="alert-count" data-testid="escalation-count-open">
        <span className="num strong">{formatCount(counts.open)}</span> open
      </span>
      <button
        type="button"
        className={`alert-count alert-count-button${counts.overdue > 0 ? " is-danger" : ""}${overdueOn ? " is-on" : ""}`}
        data-testid="escalation-count-overdue"
        aria-pressed={overdueOn}
        title={overdueOn ? "Show all, not only overdue" : "Show only escalations whose customer update is late"}
        onClick={onOverdue}
      >
        <span className="num strong">{formatCount(counts.overdue)}</span> overdue
      </button>
      <span className="alert-count" data-testid="escalation-count-waiting">
        <span className="num strong">{formatCount(counts.waiting)}</span> waiting
      </span>
    </div>
  );
}

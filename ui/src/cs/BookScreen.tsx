import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, FilterX, Inbox, Users } from "lucide-react";
import { useEffect, useRef, type ReactNode } from "react";
import type { BookView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { errorMessage } from "../lib/errors";
import { isPlainShortcut, useNav } from "../lib/nav";
import { BookFilters } from "./BookFilters";
import { clearFilters, hasFilters, useBookState } from "./bookState";
import { BookTable, ROW_HEIGHT } from "./BookTable";
import { formatCount, formatDay } from "../lib/format";
import { bookWindowKey, fetchBookWindow, WINDOW_SIZE } from "./queries";

const VIEWS: { view: BookView; label: string; key: string }[] = [
  { view: "mine", label: "My accounts", key: "M" },
  { view: "all", label: "All", key: "A" },
];

/** The book of accounts: whose, which, in what order; rows open the account's 360. */
export function BookScreen({ deriving }: { deriving: boolean }) {
  const { filter, setFilter, position } = useBookState();
  const nav = useNav();
  const gridHost = useRef<HTMLDivElement>(null);

  // The window at the saved scroll position answers first (it carries the total, and is one
  // the grid needs anyway); after a filter change the position is back at the top.
  const headWindow = Math.floor(position.scrollTop / ROW_HEIGHT / WINDOW_SIZE);
  const head = useQuery({
    queryKey: bookWindowKey(filter, headWindow),
    queryFn: () => fetchBookWindow(filter, headWindow),
  });

  const setView = (view: BookView) => setFilter((f) => (f.view === view ? f : { ...f, view }));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPlainShortcut(e)) return;
      const k = e.key.toLowerCase();
      if (k !== "m" && k !== "a") return;
      e.preventDefault();
      setFilter((f) => {
        const view: BookView = k === "m" ? "mine" : "all";
        return f.view === view ? f : { ...f, view };
      });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [setFilter]);

  // The grid takes the keyboard as soon as the book shows (and again after a view change).
  useEffect(() => {
    gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  }, [filter.view]);

  const page = head.data;
  const filterKey = JSON.stringify(filter);

  const empty =
    page === undefined ? null : page.asOf === null ? (
      <BookEmpty
        icon={deriving ? <Spinner size={20} /> : <Inbox size={20} aria-hidden />}
        title={deriving ? "Scoring accounts…" : "The book appears after the first sync"}
        body="Accounts, health scores and signals are worked out on this laptop from the platform's data once it has synced."
        testId="book-empty-unsynced"
      />
    ) : hasFilters(filter) ? (
      <BookEmpty
        icon={<FilterX size={20} aria-hidden />}
        title="No accounts match these filters"
        body="Widen the health bands, the renewal horizon or the plan to see more."
        action={
          <button type="button" className="button" data-testid="empty-clear-filters" onClick={() => setFilter(clearFilters)}>
            Clear filters
          </button>
        }
        testId="book-empty-filters"
      />
    ) : filter.view === "mine" ? (
      <BookEmpty
        icon={<Users size={20} aria-hidden />}
        title="No accounts are assigned to you"
        body={
          <>
            Press <Kbd>A</Kbd> for all accounts.
          </>
        }
        action={
          <button type="button" className="button" data-testid="empty-show-all" onClick={() => setView("all")}>
            Show all accounts
          </button>
        }
        testId="book-empty-mine"
      />
    ) : (
      <BookEmpty icon={<Inbox size={20} aria-hidden />} title="No accounts yet" body="The platform has no customer accounts." testId="book-empty-all" />
    );

  return (
    <div className="book-screen" data-testid="book-screen" data-view={filter.view}>
      <div className="book-toolbar">
        <div className="tabs" role="tablist" aria-label="Whose accounts">
          {VIEWS.map((v) => (
            <button
              key={v.view}
              type="button"
              role="tab"
              aria-selected={filter.view === v.view}
              className={`tab${filter.view === v.view ? " active" : ""}`}
              data-testid={`book-tab-${v.view}`}
              onClick={() => setView(v.view)}
            >
              {v.label}
              <Kbd>{v.key}</Kbd>
            </button>
          ))}
        </div>
        <div className="book-summary muted" data-testid="book-summary">
          {head.isFetching && page !== undefined ? <Spinner size={12} /> : null}
          {page === undefined ? null : (
            <>
              <span className="num">{`${formatCount(page.total)} ${page.total === 1 ? "account" : "accounts"}`}</span>
              {page.asOf === null ? null : <span className="faint"> · scores as of {formatDay(page.asOf)}</span>}
            </>
          )}
        </div>
      </div>
      <BookFilters filter={filter} plans={page?.plans ?? []} owners={page?.owners ?? []} onChange={setFilter} />
      {head.isError ? (
        <div className="banner banner-error book-error" data-testid="book-error">
          <AlertTriangle size={14} aria-hidden />
          <span>
            <strong>The book could not be read.</strong> {errorMessage(head.error)}
          </span>
          <button type="button" className="button button-small" onClick={() => void head.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
      <div className="book-host" ref={gridHost}>
        <BookTable
          key={filterKey}
          filter={filter}
          position={position}
          headWindow={headWindow}
          head={page}
          empty={empty}
          onSort={(sort, descending) => setFilter((f) => ({ ...f, sort, descending }))}
          onOpen={(row) => nav.openAccount(row.tenantId)}
        />
      </div>
    </div>
  );
}

function BookEmpty(props: { icon: ReactNode; title: string; body: ReactNode; action?: ReactNode; testId: string }) {
  return (
    <div className="empty-state empty-state-book" data-testid={props.testId}>
      <div className="empty-icon">{props.icon}</div>
      <h2>{props.title}</h2>
      <p>{props.body}</p>
      {props.action}
    </div>
  );
}

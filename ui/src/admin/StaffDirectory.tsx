// The staff directory: every member from the local copy (so it reads offline too), active first
// then by name, searched by name, login or e-mail words, deactivated members on request. Enter
// opens a member in the panel beside the list, where an administrator changes their roles or
// deactivates them; Esc closes it, the search and the row kept. New members come from the
// toolbar (one at a time, or an HR import).
import { FilterX, Search, Users } from "lucide-react";
import { useEffect, useRef } from "react";
import type { StaffView } from "../bindings";
import { Spinner } from "../components/Spinner";
import { ReportEmpty, ReportError } from "../finance/parts";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen } from "../lib/nav";
import { useDebounced } from "../lib/useDebounced";
import { StaffOfflineNote } from "./parts";
import { StaffActions } from "./StaffActions";
import { StaffDetail } from "./StaffDetail";
import { staffQuery } from "./staffFormat";
import { useStaff } from "./staffQueries";
import { useStaffState } from "./staffState";
import { StaffTable } from "./StaffTable";

/** How long typing must pause before the directory is asked again. */
const TYPING_DEBOUNCE_MS = 200;

type Props = {
  online: boolean;
  lastSyncAt: string | null;
  /** The signed-in member's login. */
  me: string;
};

export function StaffDirectory({ online, lastSyncAt, me }: Props) {
  const { search, setSearch, includeInactive, setIncludeInactive, position, open, setOpen } = useStaffState();
  const words = useDebounced(search, TYPING_DEBOUNCE_MS);
  const staff = useStaff(staffQuery(words, includeInactive));
  const rows = staff.data;
  const gridHost = useRef<HTMLDivElement>(null);

  // The panel shows the member as last listed (a change or a sync refreshes them); one the
  // search has since hidden stays as it was. A member just deactivated stays so while the list,
  // read from the local copy, still shows them active until the sync brings the change in.
  const listed = open === null ? undefined : rows?.find((m) => m.login === open.login);
  const member: StaffView | null = open === null ? null : listed === undefined || (listed.active && !open.active) ? open : listed;

  const focusGrid = () => gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  // The grid takes the keyboard as soon as the list shows.
  useEffect(() => {
    focusGrid();
  }, []);

  // Esc closes the panel (not while typing, nor with a menu open).
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

  const searching = words.trim() !== "";
  const empty = searching ? (
    <ReportEmpty
      icon={<FilterX size={20} aria-hidden />}
      title="No one matches"
      body={includeInactive ? "Try fewer words, or part of a login or e-mail." : "Try fewer words, or show deactivated members too."}
      action={
        <button type="button" className="button" data-testid="staff-empty-clear" onClick={() => setSearch("")}>
          Clear search
        </button>
      }
      testId="staff-empty-search"
    />
  ) : (
    <ReportEmpty
      icon={<Users size={20} aria-hidden />}
      title={includeInactive ? "No staff members yet" : "No active staff members"}
      body="Staff accounts appear here once the platform's directory has synced to this laptop."
      testId="staff-empty"
    />
  );

  const choose = (m: StaffView) => {
    // While the panel is open it follows the choice, as a mail client's reading pane does.
    if (open !== null) setOpen(m);
  };

  return (
    <div className="finance-list staff-view" data-testid="staff-view">
      <div className="finance-toolbar">
        <div className="book-summary muted" data-testid="staff-summary">
          {staff.isFetching && rows !== undefined ? <Spinner size={12} /> : null}
          {rows === undefined ? null : <span className="num">{`${formatCount(rows.length)} ${rows.length === 1 ? "member" : "members"}`}</span>}
        </div>
        {online ? null : <StaffOfflineNote lastSyncAt={lastSyncAt} />}
        <StaffActions online={online} />
      </div>
      <div className="filter-bar staff-filters">
        <div className="search-box">
          <Search size={13} aria-hidden />
          <input
            className="input input-small"
            type="search"
            aria-label="Search staff"
            placeholder="Name, login or e-mail…"
            data-testid="staff-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && search !== "") {
                // Esc empties the box first; a second Esc leaves the list alone.
                e.preventDefault();
                e.stopPropagation();
                setSearch("");
              } else if (e.key === "ArrowDown" || e.key === "Enter") {
                // From the box to the list, to pick with the keys.
                e.preventDefault();
                focusGrid();
              }
            }}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <label className="checkbox filter-check">
          <input type="checkbox" data-testid="staff-show-inactive" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />
          Show deactivated
        </label>
      </div>
      {staff.isError ? <ReportError title="The staff directory could not be read." error={staff.error} onRetry={() => void staff.refetch()} testId="staff-load-error" /> : null}
      <div className={`audit-split${member === null ? "" : " has-pane"}`}>
        <div className="book-host" ref={gridHost}>
          <StaffTable
            key={`${words}|${includeInactive}`}
            rows={rows}
            position={position}
            openLogin={member?.login ?? null}
            onOpen={setOpen}
            onChoose={choose}
            empty={empty}
          />
        </div>
        {member === null ? null : (
          <StaffDetail
            member={member}
            online={online}
            me={me}
            onClose={() => {
              setOpen(null);
              focusGrid();
            }}
          />
        )}
      </div>
    </div>
  );
}

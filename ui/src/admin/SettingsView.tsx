// Platform settings, Admin's third tab: every setting from the local copy (so it reads offline,
// as last synced) with what staging and production run and which wait for a promotion,
// filtered by words in the key or description. Enter opens a setting in the panel beside the
// list, where an administrator changes it in staging, promotes it or rolls it back; Esc closes
// it, the filter and the row kept.
import { FilterX, SlidersHorizontal } from "lucide-react";
import { useEffect, useMemo, useRef } from "react";
import type { SettingView } from "../bindings";
import { FilterText } from "../components/FilterText";
import { Spinner } from "../components/Spinner";
import { ReportEmpty, ReportError } from "../finance/parts";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen } from "../lib/nav";
import { SettingDetail } from "./SettingDetail";
import { differs, matchesFilter } from "./settingsFormat";
import { SettingsOfflineNote } from "./settingsParts";
import { useSettings } from "./settingsQueries";
import { useSettingsState } from "./settingsState";
import { SettingsTable } from "./SettingsTable";

type Props = {
  online: boolean;
  /** When the local copy last synced (the settings are as fresh as that offline). */
  lastSyncAt: string | null;
};

export function SettingsView({ online, lastSyncAt }: Props) {
  const { filter, setFilter, position, open, setOpen } = useSettingsState();
  const settings = useSettings();
  const all = settings.data;
  const rows = useMemo(() => all?.filter((s) => matchesFilter(s, filter)), [all, filter]);
  const gridHost = useRef<HTMLDivElement>(null);

  // The panel shows the setting as last listed (a change or a sync refreshes it); one the
  // filter has since hidden stays as it was opened.
  const setting: SettingView | null = open === null ? null : (all?.find((s) => s.key === open.key) ?? open);

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
    filter !== null && (all?.length ?? 0) > 0 ? (
      <ReportEmpty
        icon={<FilterX size={20} aria-hidden />}
        title="No setting matches"
        body="Try fewer words, or part of a key."
        action={
          <button type="button" className="button" data-testid="settings-empty-clear" onClick={() => setFilter(null)}>
            Clear filter
          </button>
        }
        testId="settings-empty-filter"
      />
    ) : (
      <ReportEmpty icon={<SlidersHorizontal size={20} aria-hidden />} title="No settings yet" body="Settings arrive with the first sync." testId="settings-empty" />
    );

  const choose = (s: SettingView) => {
    // While the panel is open it follows the choice, as a mail client's reading pane does.
    if (open !== null) setOpen(s);
  };
  const pending = all?.filter(differs).length ?? 0;

  return (
    <div className="finance-list settings-view" data-testid="settings-view">
      <div className="finance-toolbar">
        <div className="book-summary muted" data-testid="settings-summary">
          {settings.isFetching && all !== undefined ? <Spinner size={12} /> : null}
          {rows === undefined ? null : (
            <span className="num">
              {`${formatCount(rows.length)} ${rows.length === 1 ? "setting" : "settings"}`}
              {pending > 0 ? ` · ${formatCount(pending)} waiting for promotion` : ""}
            </span>
          )}
        </div>
        {online ? null : <SettingsOfflineNote lastSyncAt={lastSyncAt} />}
      </div>
      <div className="filter-bar">
        <FilterText value={filter} onCommit={setFilter} label="Filter settings" placeholder="Key or description…" testId="settings-filter" icon />
      </div>
      {settings.isError ? (
        <ReportError title="The settings could not be read." error={settings.error} onRetry={() => void settings.refetch()} testId="settings-load-error" />
      ) : null}
      <div className={`audit-split settings-split${setting === null ? "" : " has-pane"}`}>
        <div className="book-host" ref={gridHost}>
          <SettingsTable key={filter ?? ""} rows={rows} position={position} openKey={setting?.key ?? null} onOpen={setOpen} onChoose={choose} empty={empty} />
        </div>
        {setting === null ? null : (
          <SettingDetail
            key={setting.key}
            setting={setting}
            online={online}
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

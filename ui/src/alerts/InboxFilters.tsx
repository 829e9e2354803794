// The inbox's filters: status (open by default), severity, team, words, overdue only. Each
// narrows the list in the core's SQL; an empty group means all of it.
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { X } from "lucide-react";
import type { AlertQuery, Severity } from "../bindings";
import { FilterText } from "../components/FilterText";
import { humanize } from "../lib/format";
import { ALERT_STATUSES, DEFAULT_ALERT_FILTER, hasAlertFilters, SEVERITIES, SEVERITY_LABELS, teamLabel } from "./format";

type Props = {
  filter: AlertQuery;
  /** The teams the member serves (the team filter shows when there is more than one). */
  teams: string[];
  onChange: (update: (f: AlertQuery) => AlertQuery) => void;
};

export function InboxFilters({ filter, teams, onChange }: Props) {
  return (
    <div className="filter-bar" data-testid="alert-filters">
      <FilterText
        value={filter.search}
        onCommit={(search) => onChange((f) => (f.search === search ? f : { ...f, search }))}
        label="Search alerts"
        placeholder="Search title, details, service…"
        testId="alert-filter-search"
        icon
      />
      <div className="filter-group">
        <span className="filter-label">Status</span>
        <ToggleGroup.Root
          type="multiple"
          className="segmented"
          aria-label="Statuses"
          value={filter.statuses}
          onValueChange={(statuses) => onChange((f) => ({ ...f, statuses: ALERT_STATUSES.filter((s) => statuses.includes(s)) }))}
        >
          {ALERT_STATUSES.map((s) => (
            <ToggleGroup.Item key={s} value={s} className="segment" data-testid={`alert-filter-status-${s}`}>
              {humanize(s)}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      <div className="filter-group">
        <span className="filter-label">Severity</span>
        <ToggleGroup.Root
          type="multiple"
          className="segmented"
          aria-label="Severities"
          value={filter.severities}
          onValueChange={(chosen) => onChange((f) => ({ ...f, severities: SEVERITIES.filter((s) => chosen.includes(s)) }))}
        >
          {SEVERITIES.map((s: Severity) => (
            <ToggleGroup.Item key={s} value={s} className={`segment segment-sev-${s}`} data-testid={`alert-filter-severity-${s}`}>
              {SEVERITY_LABELS[s]}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      {teams.length > 1 ? (
        <div className="filter-group">
          <span className="filter-label">Team</span>
          <ToggleGroup.Root
            type="multiple"
            className="segmented"
            aria-label="Teams"
            value={filter.teams}
            onValueChange={(chosen) => onChange((f) => ({ ...f, teams: teams.filter((t) => chosen.includes(t)) }))}
          >
            {teams.map((t) => (
              <ToggleGroup.Item key={t} value={t} className="segment" data-testid={`alert-filter-team-${t}`}>
                {teamLabel(t)}
              </ToggleGroup.Item>
            ))}
          </ToggleGroup.Root>
        </div>
      ) : null}
      <label className="checkbox filter-check">
        <input
          type="checkbox"
          data-testid="alert-filter-overdue"
          checked={filter.overdueOnly}
          onChange={(e) => {
            const overdueOnly = e.target.checked;
            onChange((f) => ({ ...f, overdueOnly }));
          }}
        />
        Overdue only
      </label>
      {hasAlertFilters(filter) ? (
        <button type="button" className="button button-ghost button-small" data-testid="alert-filter-clear" onClick={() => onChange(() => DEFAULT_ALERT_FILTER)}>
          <X size={12} aria-hidden /> Open alerts
        </button>
      ) : null}
    </div>
  );
}

// The viewer's filters: actor (from the trail's actors), action (picked from the trail's actions
// or typed as a prefix, "staff." for a whole area), target prefix, days, and words. Each narrows
// the trail in the core's SQL; text fields are sent once typing pauses.
import { X } from "lucide-react";
import { useId, useMemo } from "react";
import { FilterText } from "../components/FilterText";
import { areasOf, DEFAULT_AUDIT_FILTER, datesReversed, hasAuditFilters, type AuditFilter } from "./format";

type Props = {
  filter: AuditFilter;
  /** Every actor and action in the trail, for the menus. */
  actors: readonly string[];
  actions: readonly string[];
  onChange: (update: (f: AuditFilter) => AuditFilter) => void;
};

export function AuditFilters({ filter, actors, actions, onChange }: Props) {
  const reversed = datesReversed(filter);
  const actionList = useId();
  // One stable setter per field, so a pending debounce is not restarted by a re-render.
  const set = useMemo(() => {
    const setter = (key: keyof AuditFilter) => (value: string | null) => onChange((f) => (f[key] === value ? f : { ...f, [key]: value }));
    return { text: setter("text"), actor: setter("actor"), action: setter("action"), target: setter("target"), from: setter("from"), to: setter("to") };
  }, [onChange]);
  // The chosen actor stays in the menu even when the page did not list it.
  const actorOptions = filter.actor !== null && !actors.includes(filter.actor) ? [filter.actor, ...actors] : actors;
  return (
    <div className="filter-bar audit-filters" data-testid="audit-filters">
      <FilterText value={filter.text} onCommit={set.text} label="Search the trail" placeholder="Search reason, records…" testId="audit-filter-text" icon />
      <div className="filter-group">
        <label className="filter-label" htmlFor="audit-actor">
          Actor
        </label>
        <select
          id="audit-actor"
          className="input input-small select"
          data-testid="audit-filter-actor"
          value={filter.actor ?? ""}
          onChange={(e) => set.actor(e.target.value === "" ? null : e.target.value)}
        >
          <option value="">Anyone</option>
          {actorOptions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-group">
        <span className="filter-label">Action</span>
        <FilterText value={filter.action} onCommit={set.action} label="Action starts with" placeholder="staff. or alert.ack" testId="audit-filter-action" list={actionList} />
        {/* Pick an area ("staff." for every staff action) or one action, or type any prefix. */}
        <datalist id={actionList} data-testid="audit-action-options">
          {areasOf(actions).map((area) => (
            <option key={`${area}.`} value={`${area}.`} label={`Every ${area} action`} />
          ))}
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="filter-group">
        <span className="filter-label">Target</span>
        <FilterText value={filter.target} onCommit={set.target} label="Target starts with" placeholder="staff: or alert:42" testId="audit-filter-target" />
      </div>
      <div className="filter-group" title="Whole days in UTC, as the platform records them">
        <label className="filter-label" htmlFor="audit-from">
          Days
        </label>
        <input
          id="audit-from"
          type="date"
          className={`input input-small input-date${reversed ? " is-invalid" : ""}`}
          aria-label="From day"
          data-testid="audit-filter-from"
          value={filter.from ?? ""}
          max={filter.to ?? undefined}
          onChange={(e) => set.from(e.target.value === "" ? null : e.target.value)}
        />
        <span className="faint">to</span>
        <input
          type="date"
          className={`input input-small input-date${reversed ? " is-invalid" : ""}`}
          aria-label="To day"
          data-testid="audit-filter-to"
          value={filter.to ?? ""}
          min={filter.from ?? undefined}
          onChange={(e) => set.to(e.target.value === "" ? null : e.target.value)}
        />
        {reversed ? (
          <span className="field-error" role="alert" data-testid="audit-filter-dates-error">
            The first day is after the last.
          </span>
        ) : null}
      </div>
      {hasAuditFilters(filter) ? (
        <button type="button" className="button button-ghost button-small" data-testid="audit-filter-clear" onClick={() => onChange(() => DEFAULT_AUDIT_FILTER)}>
          <X size={12} aria-hidden /> Clear
        </button>
      ) : null}
    </div>
  );
}

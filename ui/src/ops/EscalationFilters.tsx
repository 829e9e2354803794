// The escalation list's filters: state chips (open states by default), words in the title,
// tenant, context, root cause or resolution, and overdue only. Each narrows the list in the
// core's SQL; no state chosen means every state.
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { X } from "lucide-react";
import type { EscalationQuery } from "../bindings";
import { FilterText } from "../components/FilterText";
import { ESCALATION_STATES, labelOf, STATE_LABELS } from "./opsFormat";
import { DEFAULT_ESCALATION_QUERY } from "./opsState";

type Props = {
  query: EscalationQuery;
  onChange: (update: (q: EscalationQuery) => EscalationQuery) => void;
};

/** Whether the filters differ from the default (open escalations, no words). */
export function hasEscalationFilters(q: EscalationQuery): boolean {
  return JSON.stringify(q) !== JSON.stringify(DEFAULT_ESCALATION_QUERY);
}

export function EscalationFilters({ query, onChange }: Props) {
  return (
    <div className="filter-bar" data-testid="escalation-filters">
      <FilterText
        value={query.search}
        onCommit={(search) => onChange((q) => (q.search === search ? q : { ...q, search }))}
        label="Search escalations"
        placeholder="Title, tenant, root cause…"
        testId="escalation-search"
        icon
      />
      <div className="filter-group">
        <span className="filter-label">State</span>
        <ToggleGroup.Root
          type="multiple"
          className="segmented"
          aria-label="States"
          value={query.states}
          onValueChange={(states) => onChange((q) => ({ ...q, states: ESCALATION_STATES.filter((s) => states.includes(s)) }))}
        >
          {ESCALATION_STATES.map((s) => (
            <ToggleGroup.Item key={s} value={s} className="segment" data-testid={`escalation-filter-${s}`}>
              {labelOf(STATE_LABELS, s)}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      <label className="checkbox filter-check">
        <input
          type="checkbox"
          data-testid="escalation-filter-overdue"
          checked={query.overdueOnly}
          onChange={(e) => {
            const overdueOnly = e.target.checked;
            onChange((q) => ({ ...q, overdueOnly }));
          }}
        />
        Overdue only
      </label>
      {hasEscalationFilters(query) ? (
        <button type="button" className="button button-ghost button-small" data-testid="escalation-filter-clear" onClick={() => onChange(() => DEFAULT_ESCALATION_QUERY)}>
          <X size={12} aria-hidden /> Open escalations
        </button>
      ) : null}
    </div>
  );
}

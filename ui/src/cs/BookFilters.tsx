import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { X } from "lucide-react";
import type { RiskFilter } from "../bindings";
import { BandDot } from "./HealthScore";
import { BAND_LABELS, type Band } from "./format";
import { hasFilters, clearFilters } from "./bookState";
import type { BookFilter } from "./queries";

const BANDS: Band[] = ["healthy", "watch", "atRisk"];
const RENEWAL_DAYS = [30, 60, 90] as const;
const RISKS: { value: RiskFilter; label: string }[] = [
  { value: "atRisk", label: "At risk" },
  { value: "expansion", label: "Expansion" },
];

type Props = {
  filter: BookFilter;
  plans: [string, string][];
  owners: [string, string][];
  onChange: (update: (f: BookFilter) => BookFilter) => void;
};

/** Health bands, renewal horizon, plan, owner and risk: each narrows the book in the core's SQL. */
export function BookFilters({ filter, plans, owners, onChange }: Props) {
  return (
    <div className="filter-bar" data-testid="book-filters">
      <div className="filter-group">
        <span className="filter-label">Health</span>
        <ToggleGroup.Root
          type="multiple"
          className="segmented"
          aria-label="Health bands"
          value={filter.bands}
          onValueChange={(bands) => onChange((f) => ({ ...f, bands: BANDS.filter((b) => bands.includes(b)) }))}
        >
          {BANDS.map((b) => (
            <ToggleGroup.Item key={b} value={b} className="segment" data-testid={`filter-band-${b}`}>
              <BandDot band={b} /> {BAND_LABELS[b]}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      <div className="filter-group">
        <span className="filter-label">Renews within</span>
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="Renews within"
          value={filter.renewalWithinDays === null ? "" : String(filter.renewalWithinDays)}
          onValueChange={(v) => onChange((f) => ({ ...f, renewalWithinDays: v === "" ? null : Number(v) }))}
        >
          {RENEWAL_DAYS.map((d) => (
            <ToggleGroup.Item key={d} value={String(d)} className="segment" data-testid={`filter-renewal-${d}`}>
              {d} d
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      <div className="filter-group">
        <label className="filter-label" htmlFor="book-plan">
          Plan
        </label>
        <select
          id="book-plan"
          className="input select input-small"
          data-testid="filter-plan"
          value={filter.plan ?? ""}
          onChange={(e) => {
            const plan = e.target.value;
            onChange((f) => ({ ...f, plan: plan === "" ? null : plan }));
          }}
        >
          <option value="">All plans</option>
          {plans.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-group">
        <label className="filter-label" htmlFor="book-owner">
          Owner
        </label>
        <select
          id="book-owner"
          className="input select input-small"
          data-testid="filter-owner"
          value={filter.owner ?? ""}
          onChange={(e) => {
            const owner = e.target.value;
            onChange((f) => ({ ...f, owner: owner === "" ? null : owner }));
          }}
        >
          <option value="">All owners</option>
          {owners.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-group">
        <span className="filter-label">Signals</span>
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="Signals"
          value={filter.risk ?? ""}
          onValueChange={(v) => onChange((f) => ({ ...f, risk: v === "atRisk" || v === "expansion" ? v : null }))}
        >
          {RISKS.map((r) => (
            <ToggleGroup.Item key={r.value} value={r.value} className={`segment segment-${r.value}`} data-testid={`filter-risk-${r.value}`}>
              {r.label}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      {hasFilters(filter) ? (
        <button type="button" className="button button-ghost button-small" data-testid="filter-clear" onClick={() => onChange(clearFilters)}>
          <X size={12} aria-hidden /> Clear filters
        </button>
      ) : null}
    </div>
  );
}

// The KPI screen's period: a preset (this month, last 30 days…) or "Custom…", which shows two
// date inputs (the first and the last UTC day, both included). What is wrong with the custom
// period — checked here, or refused by the core naming `from` or `to` — shows beside the inputs,
// and the input it names turns red.
import * as ToggleGroup from "@radix-ui/react-toggle-group";
import type { KpiPeriod } from "../bindings";
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import type { FieldErrors } from "../lib/fieldErrors";
import { CUSTOM_LABEL, KPI_PRESETS, periodErrorLines, PRESET_LABELS, type KpiChoice } from "./kpiFormat";

type Props = {
  choice: KpiChoice;
  onChoice: (choice: KpiChoice) => void;
  /** The custom period's two days as typed ("" when cleared). */
  custom: KpiPeriod;
  onCustom: (custom: KpiPeriod) => void;
  /** What is wrong with the period asked for (none when null). */
  errors: FieldErrors | null;
};

const CHOICES: readonly KpiChoice[] = [...KPI_PRESETS, "custom"];
const ERROR_ID = "kpi-period-error";

export function KpiPeriodPicker({ choice, onChoice, custom, onCustom, errors }: Props) {
  const lines = periodErrorLines(errors);
  // The general lines are about both days; a field's lines about its own.
  const general = errors !== null && errors.general.length > 0 ? lines : undefined;
  const fieldLines = (field: "from" | "to") => (errors?.fields[field] === undefined ? general : lines);
  return (
    <>
      <ToggleGroup.Root
        type="single"
        className="segmented"
        aria-label="Period"
        value={choice}
        onValueChange={(v) => {
          const c = CHOICES.find((x) => x === v);
          if (c !== undefined) onChoice(c);
        }}
      >
        {CHOICES.map((c) => (
          <ToggleGroup.Item key={c} value={c} className="segment" data-testid={`kpi-period-${c}`}>
            {c === "custom" ? CUSTOM_LABEL : PRESET_LABELS[c]}
          </ToggleGroup.Item>
        ))}
      </ToggleGroup.Root>
      {choice === "custom" ? (
        <div className="filter-group" title="Whole days in UTC, both included">
          <label className="filter-label" htmlFor="kpi-period-from">
            From
          </label>
          <input
            id="kpi-period-from"
            type="date"
            className={`input input-small input-date${fieldLines("from") ? " is-invalid" : ""}`}
            data-testid="kpi-period-from"
            value={custom.from}
            max={custom.to === "" ? undefined : custom.to}
            onChange={(e) => onCustom({ ...custom, from: e.target.value })}
            {...invalidProps(ERROR_ID, fieldLines("from"))}
          />
          <label className="filter-label" htmlFor="kpi-period-to">
            to
          </label>
          <input
            id="kpi-period-to"
            type="date"
            className={`input input-small input-date${fieldLines("to") ? " is-invalid" : ""}`}
            data-testid="kpi-period-to"
            value={custom.to}
            min={custom.from === "" ? undefined : custom.from}
            onChange={(e) => onCustom({ ...custom, to: e.target.value })}
            {...invalidProps(ERROR_ID, fieldLines("to"))}
          />
        </div>
      ) : null}
      <FieldMessage id={ERROR_ID} lines={lines} testId="kpi-period-error" />
    </>
  );
}

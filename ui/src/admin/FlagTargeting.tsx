// Who a flag targets besides the rollout: plans whose tenants are in reach (none: every plan),
// tenants that always get it and tenants that never do — each typed one per line or
// comma-separated, with a refusal's lines beside its box (the core's "rules" lines above them).
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import type { FieldErrors } from "../lib/fieldErrors";
import type { FlagDraft } from "./flagsFormat";

type Props = {
  idBase: string;
  draft: FlagDraft;
  errors: FieldErrors;
  onChange: (patch: Partial<FlagDraft>, ...fields: string[]) => void;
};

type Box = { name: "plans" | "tenants" | "excluded"; field: string; label: string; placeholder: string };

const BOXES: readonly Box[] = [
  { name: "plans", field: "plans", label: "Plans (none: every plan)", placeholder: "scale_monthly_usd" },
  { name: "tenants", field: "tenants", label: "Tenants that always get it", placeholder: "tenant ids" },
  { name: "excluded", field: "excluded", label: "Tenants that never get it", placeholder: "tenant ids" },
];

export function FlagTargeting({ idBase, draft, errors, onChange }: Props) {
  const f = errors.fields;
  const change = (b: Box, text: string) => {
    const patch: Partial<FlagDraft> = {};
    patch[b.name] = text;
    // The core names a tenant both listed and excluded under "tenants": either box clears it.
    onChange(patch, b.field, "rules", ...(b.name === "plans" ? [] : ["tenants"]));
  };
  return (
    <fieldset className={`field flag-targeting${f.rules ? " field-invalid" : ""}`} data-testid="flag-targeting">
      <legend>Targeting</legend>
      <FieldMessage id={`${idBase}-rules-error`} lines={f.rules} testId="flag-error-rules" />
      <div className="flag-targeting-boxes">
        {BOXES.map((b) => {
          const lines = f[b.field];
          const errorId = `${idBase}-${b.name}-error`;
          return (
            <div key={b.name} className={`field${lines ? " field-invalid" : ""}`}>
              <label htmlFor={`${idBase}-${b.name}`}>{b.label}</label>
              <textarea
                id={`${idBase}-${b.name}`}
                className="input textarea mono-small"
                rows={2}
                placeholder={b.placeholder}
                data-testid={`flag-${b.name}`}
                value={draft[b.name]}
                onChange={(e) => change(b, e.target.value)}
                spellCheck={false}
                {...invalidProps(lines ? errorId : `${idBase}-rules-error`, lines ?? f.rules)}
              />
              <FieldMessage id={errorId} lines={lines} testId={`flag-error-${b.field}`} />
            </div>
          );
        })}
      </div>
      <p className="field-hint">One per line, or separated by commas.</p>
    </fieldset>
  );
}

// A flag's variants: rows of name and weight (whole percent of the rollout), added and removed
// freely, with the weights' sum flagged while it is not 100. No rows is a plain on/off flag.
import { Plus, Trash2 } from "lucide-react";
import { FieldMessage, invalidProps } from "../components/FieldMessages";
import { nextVariant, variantSum, type VariantDraft } from "./flagsFormat";

type Props = {
  idBase: string;
  variants: VariantDraft[];
  /** The refusal's lines about the variants. */
  errors: string[] | undefined;
  onChange: (variants: VariantDraft[]) => void;
};

export function FlagVariantsEditor({ idBase, variants, errors, onChange }: Props) {
  const sum = variantSum(variants);
  const off = variants.length > 0 && sum !== 100;
  const set = (i: number, patch: Partial<VariantDraft>) => onChange(variants.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <fieldset className={`field flag-variants${invalid ? " field-invalid" : ""}`} data-testid="flag-variants" aria-describedby={invalid ? `${idBase}-error` : undefined}>
      <legend>Variants</legend>
      {variants.length === 0 ? (
        <p className="field-hint" data-testid="flag-variants-plain">
          Plain on/off: no variants.
        </p>
      ) : (
        <ul className="flag-variant-list">
          {variants.map((v, i) => (
            <li key={i} className="flag-variant-row" data-testid="flag-variant">
              <input
                className="input input-small mono"
                aria-label={`Variant ${i + 1} name`}
                placeholder="control"
                data-testid={`flag-variant-name-${i}`}
                value={v.name}
                onChange={(e) => set(i, { name: e.target.value })}
                autoComplete="off"
                spellCheck={false}
                {...invalidProps(`${idBase}-error`, errors)}
              />
              <input
                className="input input-small num flag-variant-weight"
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                step={1}
                aria-label={`Variant ${i + 1} weight, percent`}
                data-testid={`flag-variant-weight-${i}`}
                value={v.weight}
                onChange={(e) => set(i, { weight: e.target.value })}
                {...invalidProps(`${idBase}-error`, errors)}
              />
              <span className="faint small">%</span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove variant ${v.name === "" ? i + 1 : v.name}`}
                data-testid={`flag-variant-remove-${i}`}
                onClick={() => onChange(variants.filter((_, j) => j !== i))}
              >
                <Trash2 size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flag-variants-foot">
        <button type="button" className="button button-ghost button-small" data-testid="flag-variant-add" onClick={() => onChange([...variants, nextVariant(variants)])}>
          <Plus size={12} aria-hidden /> Add variant
        </button>
        {variants.length === 0 ? null : (
          <span className={`small num${off ? " flag-sum-off" : " faint"}`} data-testid="flag-variant-sum" data-ok={!off}>
            {sum === null ? "Weights must be whole numbers" : `Sum ${sum} %${off ? " — must be 100" : ""}`}
          </span>
        )}
      </div>
      <FieldMessage id={`${idBase}-error`} lines={errors} testId="flag-error-variants" />
    </fieldset>
  );
}

// Choosing the customer of a new escalation: the synced tenants whose name or domain holds the
// words (with their CSM), the tenants of escalations already listed, or a tenant id pasted from
// the account (accepted as it is when it reads as one).
import { Command } from "cmdk";
import { Building2, Hash, Search, X } from "lucide-react";
import { useMemo, useState } from "react";
import { Spinner } from "../components/Spinner";
import { useDebounced } from "../lib/useDebounced";
import { useTenantSearch } from "./queries";

export type TenantChoice = { id: string; name: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = {
  value: TenantChoice | null;
  onChange: (t: TenantChoice | null) => void;
  /** Tenants already known from the escalation list. */
  known: readonly TenantChoice[];
  inputId: string;
  invalid: boolean;
  describedBy: string | undefined;
};

export function TenantPicker({ value, onChange, known, inputId, invalid, describedBy }: Props) {
  const [text, setText] = useState("");
  const words = useDebounced(text, 120).trim();
  const accounts = useTenantSearch(words, value === null);
  const options = useMemo(() => {
    const out = new Map<string, TenantChoice & { sub: string }>();
    for (const h of accounts.data ?? []) out.set(h.id, { id: h.id, name: h.name, sub: h.csm === null ? h.domain : `${h.domain} · CSM ${h.csm}` });
    const w = words.toLowerCase();
    if (w !== "") {
      for (const k of known) if (!out.has(k.id) && k.name.toLowerCase().includes(w)) out.set(k.id, { ...k, sub: "from an escalation" });
    }
    return [...out.values()].slice(0, 10);
  }, [accounts.data, known, words]);
  const pasted = UUID.test(text.trim()) ? text.trim().toLowerCase() : null;

  if (value !== null) {
    return (
      <div className="ops-tenant-chosen" data-testid="escalation-new-tenant-chosen" data-tenant-id={value.id}>
        <Building2 size={14} aria-hidden />
        <span className="strong">{value.name}</span>
        <span className="mono-small faint">{value.id}</span>
        <button type="button" className="icon-button" aria-label="Choose another tenant" data-testid="escalation-new-tenant-clear" onClick={() => onChange(null)}>
          <X size={12} />
        </button>
      </div>
    );
  }
  return (
    <Command label="Tenants" shouldFilter={false} className="picker ops-tenant-picker">
      <div className="picker-input">
        <Search size={14} aria-hidden />
        <Command.Input
          id={inputId}
          className="input"
          placeholder="Search customers by name or domain, or paste a tenant id…"
          value={text}
          onValueChange={setText}
          data-testid="escalation-new-tenant"
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
        />
        {accounts.isFetching ? <Spinner size={13} /> : null}
      </div>
      {words === "" && pasted === null ? null : (
        <Command.List className="picker-list">
          {pasted === null ? null : (
            <Command.Item value={`id ${pasted}`} onSelect={() => onChange({ id: pasted, name: "Tenant (pasted id)" })} data-testid="escalation-new-tenant-pasted">
              <Hash size={14} aria-hidden />
              <span>Use tenant id</span>
              <span className="mono-small faint">{pasted}</span>
            </Command.Item>
          )}
          {options.map((t) => (
            <Command.Item key={t.id} value={t.id} onSelect={() => onChange({ id: t.id, name: t.name })} data-testid="escalation-new-tenant-option" data-tenant-id={t.id}>
              <Building2 size={14} aria-hidden />
              <span className="palette-account-name">{t.name}</span>
              <span className="palette-account-domain">{t.sub}</span>
            </Command.Item>
          ))}
          {pasted === null && options.length === 0 && !accounts.isFetching ? (
            <div className="picker-empty">No account matches in the local copy. Paste the tenant id from the account instead.</div>
          ) : null}
        </Command.List>
      )}
    </Command>
  );
}

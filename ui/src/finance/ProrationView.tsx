import { Command } from "cmdk";
import { ArrowLeftRight, Building2, CircleAlert, Search } from "lucide-react";
import { useState } from "react";
import type { ProrationRequest } from "../bindings";
import { Card } from "../components/Card";
import { Spinner } from "../components/Spinner";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { formatCount, formatDay, formatDayRange, formatMoney, humanize } from "../lib/format";
import { useNav } from "../lib/nav";
import { useDebounced } from "../lib/useDebounced";
import { useProration, useTenantSearch } from "./opsQueries";
import { RefreshBar, ReportEmpty, ReportLoading } from "./parts";
import { ProrationPreviewCard } from "./ProrationPreviewCard";

/** How long typing must pause before tenants are searched or a preview is asked again. */
const DEBOUNCE_MS = 250;
const MAX_SEATS = 100_000;

/** A datetime-local value (the user's zone) as an RFC 3339 instant, or null when it is not one. */
export function localToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Seats as typed: a whole number from 1, or why not. Empty keeps the current count. */
export function parseSeats(text: string): { seats: number | null; problem: string | null } {
  const t = text.trim();
  if (t === "") return { seats: null, problem: null };
  if (!/^\d+$/.test(t)) return { seats: null, problem: "A whole number of seats." };
  const n = Number(t);
  if (n < 1) return { seats: null, problem: "At least 1 seat." };
  if (n > MAX_SEATS) return { seats: null, problem: `At most ${formatCount(MAX_SEATS)} seats.` };
  return { seats: n, problem: null };
}

/**
 * What a mid-cycle plan or seat change would credit and charge (as Stripe prorates): pick a
 * tenant (or come from one of its invoices), a new plan and/or seat count and when it applies.
 */
export function ProrationView() {
  const nav = useNav();
  const [tenantId, setTenantId] = useState<string | null>(nav.prorationTenant);
  const [seenNav, setSeenNav] = useState(nav.prorationTenant);
  // Opened again from another invoice: that tenant.
  if (nav.prorationTenant !== seenNav) {
    setSeenNav(nav.prorationTenant);
    if (nav.prorationTenant !== null) setTenantId(nav.prorationTenant);
  }

  return (
    <div className="finance-report" data-testid="proration-view">
      {tenantId === null ? (
        <TenantPicker onPick={setTenantId} />
      ) : (
        <ProrationForm key={tenantId} tenantId={tenantId} onChangeTenant={() => setTenantId(null)} />
      )}
    </div>
  );
}

function TenantPicker({ onPick }: { onPick: (tenantId: string) => void }) {
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search, DEBOUNCE_MS);
  const tenants = useTenantSearch(debounced);
  const options = tenants.data ?? [];
  return (
    <div className="finance-report-body">
      <div className="tenant-picker" data-testid="proration-tenant-picker">
        <h3 className="card-title">Which tenant?</h3>
        <p className="muted">Preview what a plan or seat change in the middle of its billing period would credit and charge.</p>
        <Command label="Tenants" shouldFilter={false} className="picker">
          <div className="picker-input">
            <Search size={14} aria-hidden />
            <Command.Input className="input" placeholder="Search tenants by name…" value={search} onValueChange={setSearch} data-testid="proration-tenant-search" autoFocus />
            {tenants.isFetching ? <Spinner size={13} /> : null}
          </div>
          <Command.List className="picker-list">
            {tenants.isError ? (
              <div className="picker-empty negative">{errorMessage(tenants.error)}</div>
            ) : tenants.data !== undefined && options.length === 0 ? (
              <div className="picker-empty">No tenant is called anything like that.</div>
            ) : null}
            {options.map((t) => (
              <Command.Item key={t.id} value={t.id} onSelect={() => onPick(t.id)} data-testid="proration-tenant-option" data-tenant-id={t.id}>
                <Building2 size={14} aria-hidden />
                <span className="palette-account-name">{t.name}</span>
                <span className="palette-account-domain">{t.planName ?? "No subscription"}</span>
                {t.currency === null ? null : <span className="badge mono">{t.currency}</span>}
              </Command.Item>
            ))}
          </Command.List>
        </Command>
      </div>
    </div>
  );
}

function ProrationForm({ tenantId, onChangeTenant }: { tenantId: string; onChangeTenant: () => void }) {
  const [planCode, setPlanCode] = useState<string | null>(null);
  const [seatsText, setSeatsText] = useState("");
  const [changeAt, setChangeAt] = useState("");
  const seats = parseSeats(useDebounced(seatsText, DEBOUNCE_MS));
  const changeText = useDebounced(changeAt, DEBOUNCE_MS);
  const changeIso = changeText === "" ? null : localToIso(changeText);
  const changeProblem = changeText !== "" && changeIso === null ? "Enter a date and time." : null;
  const seatsProblem = parseSeats(seatsText).problem;

  const request: ProrationRequest = { tenantId, planCode, seats: seats.seats, changeAt: changeIso };
  const quote = useProration(seats.problem === null && changeProblem === null ? request : null);
  const q = quote.data;
  const sub = q?.subscription;
  const chosenPlan = q?.plans.find((p) => p.code === (planCode ?? sub?.planCode));
  const perSeat = (chosenPlan?.pricing ?? sub?.pricing) === "per_seat";
  const notFound = deskErrorOf(quote.error)?.code === "notFound";
  const refused = quote.isError && !notFound ? quote.error : null;

  if (q === undefined) {
    if (quote.isError) {
      return (
        <ReportEmpty
          icon={<CircleAlert size={20} aria-hidden />}
          title={notFound ? "This tenant has no subscription in the local copy" : "The subscription could not be read"}
          body={errorMessage(quote.error)}
          action={
            <button type="button" className="button" onClick={onChangeTenant} data-testid="proration-change-tenant">
              Choose another tenant
            </button>
          }
          testId="proration-error"
        />
      );
    }
    return <ReportLoading label="Reading the subscription…" testId="proration-loading" />;
  }
  const s = q.subscription;
  return (
    <>
      <RefreshBar active={quote.isFetching} />
      <div className="finance-report-body">
        <div className="account-title-row">
          <div className="account-identity">
            <h2 className="account-title" data-testid="proration-tenant">
              {s.tenantName}
            </h2>
            <div className="account-subtitle">
              <span className="badge">{humanize(s.status)}</span>
              <span>
                {s.planName} · {s.pricing === "per_seat" ? `${formatCount(s.seats)} seats × ${formatMoney(s.unitPriceMinor, s.currency)}` : formatMoney(s.unitPriceMinor, s.currency)} per{" "}
                {s.interval}
              </span>
              <span className="faint">·</span>
              <span>Period {formatDayRange(s.periodStart, s.periodEnd)}</span>
            </div>
          </div>
          <div className="account-actions">
            <button type="button" className="button" onClick={onChangeTenant} data-testid="proration-change-tenant">
              <Building2 size={13} aria-hidden /> Other tenant
            </button>
          </div>
        </div>
        <Card title="The change" testId="proration-form">
          <div className="proration-fields">
            <div className="field">
              <label htmlFor="proration-plan">New plan</label>
              <select id="proration-plan" className="input select" data-testid="proration-plan" value={planCode ?? s.planCode} onChange={(e) => setPlanCode(e.target.value === s.planCode ? null : e.target.value)}>
                {q.plans.some((p) => p.code === s.planCode) ? null : <option value={s.planCode}>{s.planName} (current)</option>}
                {q.plans.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name} — {formatMoney(p.priceMinor, p.currency)}
                    {p.pricing === "per_seat" ? " per seat" : ""} per {p.interval}
                    {p.code === s.planCode ? " (current)" : ""}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${seatsProblem ? " field-invalid" : ""}`}>
              <label htmlFor="proration-seats">Seats</label>
              <input
                id="proration-seats"
                className="input num"
                inputMode="numeric"
                data-testid="proration-seats"
                placeholder={`${formatCount(s.seats)} (now)`}
                value={seatsText}
                disabled={!perSeat}
                title={perSeat ? undefined : "A flat plan has no seats"}
                onChange={(e) => setSeatsText(e.target.value)}
              />
              {seatsProblem ? <p className="field-error">{seatsProblem}</p> : null}
            </div>
            <div className={`field${changeProblem ? " field-invalid" : ""}`}>
              <label htmlFor="proration-at">Takes effect</label>
              <div className="field-inline">
                <input id="proration-at" type="datetime-local" className="input" data-testid="proration-change-at" value={changeAt} onChange={(e) => setChangeAt(e.target.value)} />
                <button type="button" className="button button-small" data-testid="proration-now" disabled={changeAt === ""} onClick={() => setChangeAt("")}>
                  Now
                </button>
              </div>
              {changeProblem ? <p className="field-error">{changeProblem}</p> : <p className="field-hint">{changeAt === "" ? "Now" : `Within ${formatDay(s.periodStart)} to ${formatDay(s.periodEnd)}`}</p>}
            </div>
          </div>
          {refused === null ? null : (
            <div className="banner banner-error" role="alert" data-testid="proration-refused">
              <CircleAlert size={14} aria-hidden />
              <span>{errorMessage(refused)}</span>
            </div>
          )}
        </Card>
        {q.preview === null ? (
          <p className="muted proration-hint" data-testid="proration-no-change">
            <ArrowLeftRight size={13} aria-hidden /> Choose another plan or seat count to see what the change would credit and charge.
          </p>
        ) : (
          <ProrationPreviewCard preview={q.preview} />
        )}
      </div>
    </>
  );
}

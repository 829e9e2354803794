// New integrations on their way to production, each as its five steps (requirements → design →
// staging test → security review → production) with the owner (ops choose one per step; the
// security review's must be from security), the evidence and who completed it when. "Complete
// step" opens on the next step only, once it has an owner and for the role that completes it
// (security the review, ops the rest); the dialog requires the evidence. Arrows or j/k move
// between onboardings. Everything needs the platform; the list reads the local copy.
import { Check, Circle, CircleDot, Plus, Rocket } from "lucide-react";
import { useRef, useState, type KeyboardEvent } from "react";
import type { DeskRole, IntegrationOnboarding, IntegrationOnboardingStep, OnboardingPerson } from "../bindings";
import { FormErrors } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { formatDateTime } from "../lib/format";
import { nextIndex } from "../lib/grid";
import { opsErrorsOf } from "../ops/opsFormat";
import { NeedsPlatform } from "../ops/opsParts";
import { CompleteStepDialog } from "./CompleteStepDialog";
import { completeBlocked, COMPLETE_FIELDS, KIND_LABELS, labelFrom, ownersFor, progressText, STEP_LABELS } from "./integrationsFormat";
import { useAssignStep, useOnboardings } from "./queries";
import { StartOnboardingDialog } from "./StartOnboardingDialog";

const VIM_KEYS: Record<string, string> = { j: "ArrowDown", k: "ArrowUp" };

type Props = { online: boolean; roles: readonly DeskRole[] };

export function OnboardingView({ online, roles }: Props) {
  const board = useOnboardings();
  const [starting, setStarting] = useState(false);
  const [completing, setCompleting] = useState<{ onboarding: IntegrationOnboarding; step: IntegrationOnboardingStep } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const ops = roles.includes("ops");
  const data = board.data;

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target instanceof HTMLSelectElement) return;
    const cards = Array.from(list.current?.querySelectorAll<HTMLElement>("[data-onboarding-card]") ?? []);
    const current = cards.findIndex((c) => c === document.activeElement || c.contains(document.activeElement));
    const next = nextIndex(VIM_KEYS[e.key] ?? e.key, Math.max(current, 0), cards.length, 3);
    if (next === null || (current < 0 && e.key !== "ArrowDown" && e.key !== "j")) return;
    e.preventDefault();
    const card = cards[current < 0 ? 0 : next];
    card?.focus();
    card?.scrollIntoView({ block: "nearest" });
  };

  return (
    <div className="integrations-onboarding" data-testid="integrations-onboarding">
      <div className="finance-toolbar">
        <p className="muted small">Requirements → design → staging test → security review → production, each with its owner and evidence.</p>
        {ops ? (
          <div className="finance-actions">
            <button type="button" className="button button-primary button-small" data-testid="onboarding-new" onClick={() => setStarting(true)}>
              <Plus size={13} aria-hidden /> New onboarding
            </button>
          </div>
        ) : null}
      </div>
      {board.isError ? <ReportError title="The onboardings could not be read." error={board.error} onRetry={() => void board.refetch()} testId="onboarding-error" /> : null}
      {data === undefined ? (
        board.isPending ? <ReportLoading label="Reading the onboardings…" testId="onboarding-loading" /> : null
      ) : data.onboardings.length === 0 ? (
        <ReportEmpty icon={<Rocket size={20} aria-hidden />} title="No onboarding yet" body="New integrations start here and move through five steps to production." testId="onboarding-empty" />
      ) : (
        <ol className="integrations-onboarding-list" data-testid="onboarding-list" aria-label="Onboardings" ref={list} onKeyDown={onKeyDown}>
          {data.onboardings.map((o) => (
            <OnboardingCard
              key={o.id}
              onboarding={o}
              people={data.people}
              roles={roles}
              online={online}
              onComplete={(step) => setCompleting({ onboarding: o, step })}
            />
          ))}
        </ol>
      )}
      <StartOnboardingDialog open={starting} online={online} onOpenChange={setStarting} />
      <CompleteStepDialog target={completing} online={online} onOpenChange={(open) => (open ? undefined : setCompleting(null))} />
    </div>
  );
}

type CardProps = {
  onboarding: IntegrationOnboarding;
  people: readonly OnboardingPerson[];
  roles: readonly DeskRole[];
  online: boolean;
  onComplete: (step: IntegrationOnboardingStep) => void;
};

function OnboardingCard({ onboarding: o, people, roles, online, onComplete }: CardProps) {
  const assign = useAssignStep();
  const toast = useToast();
  const [refused, setRefused] = useState<string[]>([]);
  const ops = roles.includes("ops");

  const onAssign = (step: string, owner: string) => {
    if (owner === "") return;
    setRefused([]);
    assign.mutate(
      { onboarding: o.id, step, owner, expectedVersion: o.version },
      {
        onSuccess: () => toast.show(`${labelFrom(STEP_LABELS, step)} of ${o.name}: owner ${owner}`),
        onError: (err) => {
          const e = opsErrorsOf(err, COMPLETE_FIELDS);
          setRefused([...e.general, ...Object.values(e.fields).flat()]);
        },
      },
    );
  };

  return (
    <li className="card integration-onboarding" tabIndex={-1} data-onboarding-card data-testid={`onboarding-${o.name}`} data-next={o.nextStep ?? "done"} aria-label={`Onboarding of ${o.name}`}>
      <header className="card-head">
        <h3 className="card-title">
          <span className="mono">{o.name}</span>
          <span className="card-meta">
            {o.vendor} · {labelFrom(KIND_LABELS, o.kind)} · API {o.apiVersion}
          </span>
        </h3>
        <span className={`badge${o.completedAt === null ? "" : " badge-ok"}`} data-testid="onboarding-progress">
          {o.completedAt === null ? progressText(o) : "In production"}
        </span>
      </header>
      {o.purpose === "" ? null : <p className="small">{o.purpose}</p>}
      <p className="faint small">
        Requested by {o.requestedBy} · {formatDateTime(o.createdAt)}
      </p>
      <FormErrors lines={refused} testId="onboarding-refused" />
      <ol className="integration-steps">
        {o.steps.map((s) => {
          const blocked = completeBlocked(o, s, roles);
          const done = s.completedAt !== null;
          const next = o.nextStep === s.step;
          return (
            <li key={s.step} className={`integration-step${done ? " is-done" : ""}${next ? " is-next" : ""}`} data-testid={`onboarding-step-${s.step}`} data-done={done}>
              <div className="integration-step-head">
                {done ? <Check size={13} className="positive-text" aria-hidden /> : next ? <CircleDot size={13} className="attention" aria-hidden /> : <Circle size={13} className="faint" aria-hidden />}
                <span className="strong">{labelFrom(STEP_LABELS, s.step)}</span>
              </div>
              <div className="integration-step-owner">
                {ops && !done ? (
                  <select
                    className="input input-small select"
                    aria-label={`Owner of ${labelFrom(STEP_LABELS, s.step).toLowerCase()}`}
                    data-testid={`onboarding-owner-${s.step}`}
                    value={s.owner ?? ""}
                    disabled={assign.isPending}
                    onChange={(e) => {
                      if (e.target.value !== s.owner) onAssign(s.step, e.target.value);
                    }}
                  >
                    {s.owner === null ? <option value="">No owner</option> : <option value={s.owner}>{s.ownerName === null ? s.owner : `${s.ownerName} (${s.owner})`}</option>}
                    {ownersFor(s.step, people)
                      .filter((p) => p.login !== s.owner)
                      .map((p) => (
                        <option key={p.login} value={p.login}>
                          {p.fullName} ({p.login})
                        </option>
                      ))}
                  </select>
                ) : (
                  <span className="muted small" data-testid={`onboarding-owner-text-${s.step}`}>
                    {s.ownerName ?? s.owner ?? "No owner"}
                  </span>
                )}
              </div>
              {done ? (
                <div className="integration-step-evidence small" data-testid={`onboarding-evidence-${s.step}`}>
                  <span>{s.evidence}</span>
                  <span className="faint">
                    {" "}
                    — {s.completedBy} · {formatDateTime(s.completedAt)}
                  </span>
                </div>
              ) : (
                <button
                  type="button"
                  className="button button-small"
                  data-testid={`onboarding-complete-${s.step}`}
                  disabled={blocked !== null}
                  title={blocked ?? `Complete ${labelFrom(STEP_LABELS, s.step).toLowerCase()} with its evidence`}
                  onClick={() => onComplete(s)}
                >
                  Complete step
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {assign.isPending ? <Spinner size={12} label="Saving the owner" /> : null}
      {online ? null : <NeedsPlatform what="changing an onboarding" testId="onboarding-offline" />}
    </li>
  );
}

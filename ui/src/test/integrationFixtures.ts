// Integrations data for the integrations tests: a board (SendGrid degrading and failing now,
// Stripe's API version retired in 21 days, Okta's rotation overdue), one integration in detail,
// probes, and two onboardings mid-way, each with `over` on top.
import type {
  IntegrationBoard,
  IntegrationDeprecation,
  IntegrationDetail,
  IntegrationOnboarding,
  IntegrationOnboardingBoard,
  IntegrationOnboardingStep,
  IntegrationRecord,
  IntegrationSummary,
  Probe,
} from "../bindings";

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

export function record(name: string, over: Partial<IntegrationRecord> = {}): IntegrationRecord {
  return {
    name,
    kind: "email_provider",
    vendor: "Vendor",
    status: "healthy",
    statusUrl: `http://127.0.0.1:9000/status/${name}`,
    apiVersion: "v3",
    credentialRotationDue: "2027-03-01",
    credentialRotatedAt: null,
    credentialRotatedBy: null,
    ownerTeam: "ops",
    notes: "",
    version: 3,
    ...over,
  };
}

export function deprecation(integration: string, over: Partial<IntegrationDeprecation> = {}): IntegrationDeprecation {
  return {
    id: `dep-${integration}`,
    integration,
    apiVersion: "2024-06-20",
    notice: "Webhook endpoints need 2025-03-31",
    noticeUrl: null,
    announcedOn: "2026-06-01",
    deadline: "2026-12-24",
    daysLeft: 21,
    migrationStatus: "not_started",
    note: "",
    updatedBy: null,
    updatedAt: null,
    version: 1,
    urgency: "soon",
    alert: true,
    ...over,
  };
}

export function summary(name: string, over: Partial<IntegrationSummary> = {}): IntegrationSummary {
  return {
    integration: record(name),
    recordedStatus: "healthy",
    week: { days: 7, calls: 70_000, errors: 140, errorRate: 0.002, p50Ms: 120, p95Ms: 400, worstP95Ms: 420 },
    callsStatus: "healthy",
    worse: [],
    deprecation: null,
    rotationDaysLeft: 88,
    rotation: "ok",
    openFailures: 0,
    ...over,
  };
}

export function integrationBoard(over: Partial<IntegrationBoard> = {}): IntegrationBoard {
  const stripeNotice = deprecation("stripe");
  return {
    integrations: [
      summary("okta", { integration: record("okta", { kind: "identity", status: "down" }), recordedStatus: "down", rotation: "overdue", rotationDaysLeft: -3 }),
      summary("sendgrid", {
        integration: record("sendgrid", { vendor: "SendGrid (Twilio)", status: "degraded", notes: "Mail Send timeouts" }),
        recordedStatus: "degraded",
        week: { days: 7, calls: 70_000, errors: 2_100, errorRate: 0.03, p50Ms: 140, p95Ms: 900, worstP95Ms: 1_400 },
        callsStatus: "degraded",
        worse: ["p95 400 ms → 900 ms (+125 %)", "error rate 0.20 % → 3.00 % (+1400 %)"],
        openFailures: 1,
      }),
      summary("stripe", { integration: record("stripe", { kind: "payments", apiVersion: "2024-06-20" }), deprecation: stripeNotice, rotation: "dueSoon", rotationDaysLeft: 10 }),
    ],
    deprecations: [stripeNotice, deprecation("hubspot", { id: "dep-hubspot", apiVersion: "crm-v3", daysLeft: 75, urgency: "later", alert: false, migrationStatus: "in_progress" })],
    today: "2026-12-03",
    deprecationAlerts: 1,
    rotationsOverdue: 1,
    rotationsDueSoon: 1,
    openFailures: 1,
    ...over,
  };
}

export function integrationDetail(name: string, over: Partial<IntegrationDetail> = {}): IntegrationDetail {
  const row = integrationBoard().integrations.find((i) => i.integration.name === name) ?? summary(name);
  return {
    summary: row,
    month: { days: 30, calls: 300_000, errors: 3_000, errorRate: 0.01, p50Ms: 130, p95Ms: 600, worstP95Ms: 1_400 },
    days: [0, 1, 2].map((i) => ({ day: `2026-12-0${i + 1}`, calls: 10_000, errors: 100 * (i + 1), errorRate: 0.01 * (i + 1), p50Ms: 120, p95Ms: 400 + 100 * i })),
    failures: [
      { id: "f1", integration: name, startedAt: hoursAgo(5), endedAt: null, summary: "Mail Send timeouts", impact: "Sends queued up to 40 min" },
      { id: "f2", integration: name, startedAt: hoursAgo(200), endedAt: hoursAgo(198), summary: "Mail Send 5xx", impact: "" },
    ],
    checks: { live: true, readAt: hoursAgo(0), offlineReason: null, checked: 288, failed: 3, runs: [{ startedAt: hoursAgo(1), endedAt: hoursAgo(0.5), failedChecks: 3, error: "timeout after 10 s" }] },
    deprecations: row.deprecation === null ? [] : [row.deprecation],
    rotations: [{ id: "r1", rotatedAt: hoursAgo(2_000), rotatedBy: "sandbox_ops", nextDue: "2026-11-30", note: "Quarterly rotation" }],
    ...over,
  };
}

export function integrationProbe(name: string, over: Partial<Probe> = {}): Probe {
  return {
    service: name,
    url: `http://127.0.0.1:9000/status/${name}`,
    status: "healthy",
    statusCode: 200,
    latencyMs: 12,
    detail: "HTTP 200 in 12 ms",
    probedAt: hoursAgo(0.1),
    ...over,
  };
}

function step(name: string, position: number, over: Partial<IntegrationOnboardingStep> = {}): IntegrationOnboardingStep {
  return { step: name, position, owner: null, ownerName: null, evidence: null, completedBy: null, completedAt: null, ...over };
}

const done = (name: string, position: number, evidence: string): IntegrationOnboardingStep =>
  step(name, position, { owner: "sam_ops", ownerName: "Sam Ops", evidence, completedBy: "sam_ops", completedAt: hoursAgo(100 - position) });

export function onboarding(name: string, over: Partial<IntegrationOnboarding> = {}): IntegrationOnboarding {
  return {
    id: `ob-${name}`,
    name,
    kind: "email_provider",
    vendor: "Postmark",
    apiVersion: "v1",
    statusUrl: null,
    purpose: "A fallback provider for transactional sends",
    requestedBy: "sam_ops",
    createdAt: hoursAgo(400),
    completedAt: null,
    version: 4,
    steps: [
      done("requirements", 1, "PRD signed off"),
      done("design", 2, "Design review ENG-4520"),
      step("staging_test", 3, { owner: "sam_ops", ownerName: "Sam Ops" }),
      step("security_review", 4, { owner: "sue_sec", ownerName: "Sue Sec" }),
      step("production", 5),
    ],
    nextStep: "staging_test",
    ...over,
  };
}

export function onboardingBoard(over: Partial<IntegrationOnboardingBoard> = {}): IntegrationOnboardingBoard {
  const intercom = onboarding("intercom", {
    id: "ob-intercom",
    kind: "chat",
    vendor: "Intercom",
    steps: [
      done("requirements", 1, "Support team's requirements"),
      done("design", 2, "Design doc ENG-4388"),
      done("staging_test", 3, "Staging run #812: 64 passed"),
      step("security_review", 4, { owner: "sue_sec", ownerName: "Sue Sec" }),
      step("production", 5, { owner: "sam_ops", ownerName: "Sam Ops" }),
    ],
    nextStep: "security_review",
  });
  return {
    onboardings: [onboarding("postmark"), intercom],
    people: [
      { login: "sam_ops", fullName: "Sam Ops", team: "ops" },
      { login: "sue_sec", fullName: "Sue Sec", team: "security" },
    ],
    ...over,
  };
}

// Operations data for the ops tests: a health dashboard, probes, escalations with a timeline,
// deployments with rollbacks and rates, and knowledge-base articles, each with `over` on top.
import type {
  Article,
  ArticleHit,
  DeploymentBoard,
  DeploymentView,
  EscalationDetail,
  EscalationList,
  EscalationRecord,
  HealthDashboard,
  MetricPoint,
  Probe,
  ServiceHealth,
} from "../bindings";

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
export const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

const points = (p95: number): MetricPoint[] =>
  [0, 1, 2, 3].map((i) => ({ at: minutesAgo(60 - i * 15), p95Ms: p95 + i * 10, errorRate: 0.002 * i, requests: 1000 + i * 50 }));

export function service(name: string, over: Partial<ServiceHealth> = {}): ServiceHealth {
  return {
    name,
    team: "platform",
    healthUrl: `http://127.0.0.1:9000/${name}/health`,
    slaTarget: 99.9,
    p95TargetMs: 300,
    status: "healthy",
    lastBucketAt: minutesAgo(5),
    uptimePercent: 99.95,
    meetsSla: true,
    meetsFloor: true,
    p95Ms: 212,
    errorRate: 0.0012,
    requestsPerHour: 12400,
    series: points(200),
    ...over,
  };
}

export function dashboard(over: Partial<HealthDashboard> = {}): HealthDashboard {
  return {
    window: "day",
    services: [
      service("smtp-relay", { status: "down", uptimePercent: 97.5, meetsSla: false, meetsFloor: false, p95Ms: 912, errorRate: 0.084, team: "delivery" }),
      service("api-gateway"),
    ],
    candidates: [
      {
        service: "smtp-relay",
        thisWeek: { p95Ms: 640, errorRate: 0.03 },
        lastWeek: { p95Ms: 412, errorRate: 0.01 },
        reasons: ["p95 412 ms → 640 ms (+55 %)", "error rate 1.0 % → 3.0 %"],
      },
    ],
    cascades: [
      {
        cascade: { origin: 71, originService: "smtp-relay", alerts: [71, 72], services: ["smtp-relay", "api-gateway"], startedAt: minutesAgo(50), endedAt: minutesAgo(44) },
        alerts: [
          { id: 71, service: "smtp-relay", title: "Relay queue backing up", severity: "critical", status: "triggered", createdAt: minutesAgo(50) },
          { id: 72, service: "api-gateway", title: "Send API 5xx", severity: "high", status: "acknowledged", createdAt: minutesAgo(44) },
        ],
      },
    ],
    takenAt: minutesAgo(1),
    live: true,
    offlineReason: null,
    ...over,
  };
}

export function probe(svc: string, over: Partial<Probe> = {}): Probe {
  return {
    service: svc,
    url: `http://127.0.0.1:9000/${svc}/health`,
    status: "healthy",
    statusCode: 200,
    latencyMs: 84,
    detail: "HTTP 200 in 84 ms",
    probedAt: minutesAgo(10),
    ...over,
  };
}

export const ESC_ID = "5b0c7a52-8f6e-4a57-9d0e-0b7d6d1e2f01";
export const TENANT_ID = "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e";

export function escalation(over: Partial<EscalationRecord> = {}): EscalationRecord {
  return {
    id: ESC_ID,
    tenantId: TENANT_ID,
    tenantName: "Northwind Mail",
    title: "Campaign e-mails bounce at Gmail",
    severity: "high",
    category: "deliverability",
    state: "investigating",
    nextStates: ["waiting_on_customer", "waiting_on_vendor", "resolved"],
    reporterContext: "Reported by their ops lead; 3 campaigns affected since 09:40.",
    reportedBy: "sam_support",
    assignee: "ola_ops",
    nextUpdateDue: minutesAgo(30),
    overdue: true,
    rootCause: "The new DKIM selector was never published",
    resolution: null,
    vendor: null,
    satisfaction: null,
    satisfactionNote: null,
    kbArticleId: null,
    kbTitle: null,
    csm: "Dana Reyes",
    csmNotifiedAt: minutesAgo(90),
    openedAt: minutesAgo(120),
    resolvedAt: null,
    version: 4,
    sync: { state: "synced" },
    ...over,
  };
}

export function escalationList(rows: EscalationRecord[] = [escalation()]): EscalationList {
  return { escalations: rows, counts: { open: rows.length, overdue: rows.filter((r) => r.overdue).length, waiting: 0 } };
}

export function escalationDetail(e: EscalationRecord = escalation()): EscalationDetail {
  return {
    escalation: e,
    timeline: [
      { id: "t1", at: minutesAgo(100), author: "ola_ops", kind: "finding", body: "Bounces started when the key rotated", sync: { state: "synced" } },
      { id: "t2", at: minutesAgo(5), author: "sandbox_ops", kind: "note", body: "Asked DNS team to check", sync: { state: "pending" } },
    ],
  };
}

export function deployment(id: number, over: Partial<DeploymentView> = {}): DeploymentView {
  return {
    id,
    service: "smtp-relay",
    version: "2026.3.14",
    previousVersion: "2026.3.13",
    status: "succeeded",
    requestedBy: "ci",
    requestedAt: minutesAgo(180),
    startedAt: minutesAgo(178),
    finishedAt: minutesAgo(170),
    notes: "Deployed to 6 of 6 hosts",
    testResultRef: "ci#48213: 1204 passed, 0 failed",
    reason: "Fixes the retry storm",
    healthChecks: [
      { check: "health endpoint", ok: true, latencyMs: 84, detail: "200 OK in 84 ms" },
      { check: "send path", ok: true, latencyMs: 120, detail: "test send delivered" },
      { check: "queue depth", ok: true, latencyMs: 12, detail: "under 100" },
    ],
    rollbacks: [],
    canRollBack: true,
    ...over,
  };
}

export function board(deployments: DeploymentView[] = [deployment(41), deployment(40, { status: "partially_deployed", version: "2026.3.13", previousVersion: "2026.3.12", canRollBack: false })]): DeploymentBoard {
  return {
    deployments,
    matched: deployments.length,
    services: ["api-gateway", "smtp-relay"],
    rates: [{ service: "smtp-relay", month: "2026-11", finished: 10, succeeded: 8, failed: 1, partial: 1, rolledBack: 0, successRate: 80, rollbackRate: 0 }],
  };
}

export function hit(slug: string, over: Partial<ArticleHit> = {}): ArticleHit {
  return { id: `kb-${slug}`, slug, title: "DKIM selector not published", tags: ["dkim", "dns"], published: true, snippet: "Bounces at Gmail after a key rotation…", updatedAt: minutesAgo(60), escalationId: ESC_ID, ...over };
}

export function article(slug: string, over: Partial<Article> = {}): Article {
  return {
    hit: hit(slug),
    bodyMd: "# DKIM selector not published\n\n## Root cause\n\nThe selector was **never** published.\n\n<script>alert(1)</script>",
    author: "ola_ops",
    version: 1,
    writtenFrom: [ESC_ID, "Campaign e-mails bounce at Gmail"],
    linkedFrom: [[ESC_ID, "Campaign e-mails bounce at Gmail", "resolved"]],
    ...over,
  };
}

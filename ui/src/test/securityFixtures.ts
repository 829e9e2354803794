// Security incident data for the incident tests: records, a full incident with its steps,
// evidence and timeline, the list, an evidence opening and responders, each with `over` on top.
import type { EvidenceItem, EvidenceOpening, IncidentDetail, IncidentList, IncidentRecord, ResponderView, Session } from "../bindings";
import { sessionFor } from "./bindingsMock";

export const INC_ID = "9a7c1e20-3b4d-4f5e-8a6b-7c8d9e0f1a2b";
export const INC2_ID = "1b2c3d4e-5f60-4718-9a0b-c1d2e3f4a5b6";
export const EV_ID = "e0e0e0e0-1111-4222-8333-444455556666";
export const HASH_A = "3f2a9c0d8e7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877";
export const HASH_B = "bb".repeat(32);

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
export const secondsFromNow = (s: number) => new Date(Date.now() + s * 1000).toISOString();

export function securitySession(over: Partial<Session> = {}): Session {
  return sessionFor("security", { profileId: "p-sec", ...over });
}

export function incident(over: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id: INC_ID,
    title: "Admin console logins from an unknown ASN",
    kind: "credential_compromise",
    kindLabel: "credential compromise",
    severity: "SEV1",
    status: "investigating",
    nextStatuses: ["contained", "eradicated", "recovered", "false_positive"],
    closeRefusal: "Contain it before closing.",
    summary: "Three admin accounts signed in from AS64500 within ten minutes.",
    detectedBy: "alert",
    alertId: null,
    lead: "Sam Okafor",
    responseTeam: ["ana_sec", "sam_sec"],
    customerDataAffected: false,
    openedAt: minutesAgo(95),
    containedAt: null,
    resolvedAt: null,
    closedAt: null,
    lessonsLearned: null,
    falsePositiveReason: null,
    breach: null,
    authorityReference: null,
    stepsDone: 1,
    stepsTotal: 3,
    evidenceCount: 1,
    version: 4,
    ...over,
  };
}

export function evidenceItem(over: Partial<EvidenceItem> = {}): EvidenceItem {
  return {
    id: EV_ID,
    fileName: "auth-proxy.log",
    mediaType: "text/plain",
    description: "Auth proxy log of the morning, exported by ana",
    sizeBytes: 14_540,
    sha256: HASH_A,
    collectedBy: "ana_sec",
    collectedAt: minutesAgo(60),
    custody: [{ at: minutesAgo(60), login: "ana_sec", action: "collected", purpose: "Auth proxy log", sha256Seen: HASH_A, hashMatched: true }],
    mismatchSeen: false,
    ...over,
  };
}

export function incidentDetail(over: Partial<IncidentRecord> = {}, more: Partial<Omit<IncidentDetail, "incident">> = {}): IncidentDetail {
  return {
    incident: incident(over),
    timeline: [
      { id: "t1", at: minutesAgo(95), author: "sam_sec", kind: "classification", body: "opened as SEV1 credential compromise", evidenceSha256: null },
      { id: "t2", at: minutesAgo(60), author: "ana_sec", kind: "evidence", body: "auth-proxy.log (14540 bytes) collected by ana_sec", evidenceSha256: HASH_A },
    ],
    steps: [
      { id: "s1", position: 1, step: "Disable the three admin accounts", assignee: "ana_sec", addedBy: "sam_sec", doneBy: "ana_sec", doneAt: minutesAgo(50), version: 2 },
      { id: "s2", position: 2, step: "Rotate the console's session keys", assignee: "sam_sec", addedBy: "sam_sec", doneBy: null, doneAt: null, version: 1 },
      { id: "s3", position: 3, step: "Block AS64500 at the edge", assignee: null, addedBy: "sam_sec", doneBy: null, doneAt: null, version: 1 },
    ],
    evidence: [evidenceItem()],
    followUps: [],
    ...more,
  };
}

export function incidentList(incidents: IncidentRecord[] = [incident()], counts: Partial<IncidentList["counts"]> = {}): IncidentList {
  return {
    held: true,
    incidents,
    counts: { open: incidents.length, sev1Open: incidents.filter((i) => i.severity === "SEV1").length, clocksRunning: 0, ...counts },
  };
}

export function opening(over: Partial<EvidenceOpening> = {}): EvidenceOpening {
  return {
    fileName: "auth-proxy.log",
    mediaType: "text/plain",
    sizeBytes: 14_540,
    recordedSha256: HASH_A,
    storedSha256: HASH_A,
    receivedSha256: HASH_A,
    verdict: "intact",
    textPreview: "2026-11-30T08:01:12Z login admin_1 from 203.0.113.7",
    contentBase64: btoa("2026-11-30T08:01:12Z login admin_1 from 203.0.113.7"),
    custody: [
      { at: minutesAgo(60), login: "ana_sec", action: "collected", purpose: "Auth proxy log", sha256Seen: HASH_A, hashMatched: true },
      { at: minutesAgo(0), login: "sam_sec", action: "opened", purpose: "Timeline", sha256Seen: HASH_A, hashMatched: true },
    ],
    ...over,
  };
}

export const RESPONDERS: Record<string, ResponderView[]> = {
  credential_compromise: [
    { login: "ana_sec", fullName: "Ana Lima", roles: ["security"] },
    { login: "sam_sec", fullName: "Sam Okafor", roles: ["security"] },
  ],
  phishing: [{ login: "lee_sec", fullName: "Lee Park", roles: ["security"] }],
  other: [{ login: "sam_sec", fullName: "Sam Okafor", roles: ["security"] }],
};

import { describe, expect, it } from "vitest";
import {
  articleBody,
  checksSummary,
  deployTone,
  ENTRY_FIELDS,
  entryStates,
  formatMs,
  formatPercent,
  formatRate,
  labelOf,
  localToIso,
  monthLabel,
  needsReview,
  offlineLine,
  parseTags,
  RESOLVE_FIELDS,
  splitOpsRefusal,
  STATE_LABELS,
} from "./opsFormat";

describe("numbers", () => {
  it("formats percentages, rates and milliseconds, with a dash for nothing", () => {
    expect(formatPercent(99.953, 2, "en-US")).toBe("99.95 %");
    expect(formatPercent(null, 2, "en-US")).toBe("—");
    expect(formatRate(0.0123, "en-US")).toBe("1.2 %");
    expect(formatRate(0.0012, "en-US")).toBe("0.12 %");
    expect(formatRate(null, "en-US")).toBe("—");
    expect(formatMs(412.4, "en-US")).toBe("412 ms");
    expect(formatMs(1204, "en-US")).toBe("1,204 ms");
  });

  it("says where the last known state comes from", () => {
    expect(offlineLine("2 hours ago", "the platform is unreachable")).toBe("Last known state, read 2 hours ago — the platform is unreachable");
    expect(offlineLine("just now", null)).toBe("Last known state, read just now");
  });

  it("labels a month", () => {
    expect(monthLabel("2026-11", "en-US")).toBe("Nov 2026");
    expect(monthLabel("soon", "en-US")).toBe("soon");
  });
});

describe("refusals", () => {
  it("puts two-word fields beside theirs and keeps the headline general", () => {
    const e = splitOpsRefusal("The entry is refused (2 problem(s))\nnext update: say when the customer gets the next update\ntext: write what happened", ENTRY_FIELDS);
    expect(e.general).toEqual(["The entry is refused (2 problem(s))."]);
    expect(e.fields).toEqual({ nextDue: ["Say when the customer gets the next update."], body: ["Write what happened."] });
  });

  it("prefers the longer name ('article title' over 'article')", () => {
    const e = splitOpsRefusal("article title: an article needs a title\narticle: write the article\nslug: an article dkim already exists", RESOLVE_FIELDS);
    expect(e.fields.articleTitle).toEqual(["An article needs a title.", "An article dkim already exists."]);
    expect(e.fields.articleBody).toEqual(["Write the article."]);
  });
});

describe("escalations", () => {
  it("offers every next state but resolved (it has its own dialog)", () => {
    expect(entryStates({ nextStates: ["waiting_on_customer", "resolved"] })).toEqual(["waiting_on_customer"]);
    expect(labelOf(STATE_LABELS, "waiting_on_vendor")).toBe("Waiting on vendor");
    expect(labelOf(STATE_LABELS, "on_hold")).toBe("On hold");
  });

  it("drafts an article from the title, root cause and resolution", () => {
    expect(articleBody("Bounces at Gmail", "DKIM not published", "Published it")).toBe("# Bounces at Gmail\n\n## Root cause\n\nDKIM not published\n\n## Resolution\n\nPublished it\n");
    expect(articleBody("X", null, "")).toContain("_Not recorded._");
  });

  it("reads tags and a local date and time", () => {
    expect(parseTags("DKIM, dns  dns,relay")).toEqual(["dkim", "dns", "relay"]);
    const iso = localToIso("2026-11-25T14:05");
    expect(iso).not.toBeNull();
    expect(new Date(iso ?? "").getHours()).toBe(14);
    expect(localToIso("tomorrow")).toBeNull();
  });
});

describe("deployments", () => {
  it("summarises health checks and colours statuses", () => {
    expect(checksSummary([])).toBeNull();
    expect(checksSummary([{ check: "a", ok: true }, { check: "b", ok: true }])).toEqual({ ok: true, text: "✓ 2/2" });
    expect(checksSummary([{ check: "a", ok: true }, { check: "b", ok: false }, { check: "c", ok: false }])).toEqual({ ok: false, text: "✗ 1/3" });
    expect(deployTone("partially_deployed")).toBe("warn");
    expect(deployTone("failed")).toBe("danger");
    expect(deployTone("running")).toBe("accent");
  });

  it("asks for a review of a finished rollback nobody reviewed", () => {
    expect(needsReview({ status: "succeeded", finishedAt: "2026-11-01T10:00:00Z", reviewedAt: null })).toBe(true);
    expect(needsReview({ status: "running", finishedAt: null, reviewedAt: null })).toBe(false);
    expect(needsReview({ status: "failed", finishedAt: "2026-11-01T10:00:00Z", reviewedAt: "2026-11-02T10:00:00Z" })).toBe(false);
  });
});

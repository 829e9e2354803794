import { describe, expect, it } from "vitest";
import { DeskCommandError } from "../lib/errors";
import { opsErrorsOf } from "../ops/opsFormat";
import { incidentDetail } from "../test/securityFixtures";
import {
  clockState,
  clockWords,
  closeFields,
  detailFingerprint,
  formatBytes,
  formatSpan,
  formatSpanShort,
  fromBase64,
  labelOf,
  OPEN_FIELDS,
  sha256Hex,
  shortHash,
  toBase64,
  TYPE_LABELS,
} from "./securityFormat";

const at = (iso: string) => new Date(iso);

describe("the breach clock", () => {
  const deadline = "2026-12-04T10:00:00Z";
  it("runs calmly with more than a day left, turns urgent under 24 hours and overdue past the deadline", () => {
    expect(clockState({ deadline, notifiedAt: null, notifiedInTime: null }, at("2026-12-01T10:00:00Z"))).toBe("running");
    expect(clockState({ deadline, notifiedAt: null, notifiedInTime: null }, at("2026-12-03T10:00:01Z"))).toBe("urgent");
    expect(clockState({ deadline, notifiedAt: null, notifiedInTime: null }, at("2026-12-04T10:00:01Z"))).toBe("overdue");
    expect(clockState({ deadline, notifiedAt: "2026-12-02T09:00:00Z", notifiedInTime: true }, at("2026-12-09T00:00:00Z"))).toBe("notifiedInTime");
    expect(clockState({ deadline, notifiedAt: "2026-12-05T09:00:00Z", notifiedInTime: false }, at("2026-12-09T00:00:00Z"))).toBe("notifiedLate");
  });

  it("says what is left, to the second under a day, and how late once past", () => {
    expect(clockWords(deadline, at("2026-12-01T10:00:00Z"))).toBe("3 d 00 h 00 min left");
    expect(clockWords(deadline, at("2026-12-03T13:55:52Z"))).toBe("20 h 04 min 08 s left");
    expect(clockWords(deadline, at("2026-12-04T09:59:55Z"))).toBe("5 s left");
    expect(clockWords(deadline, at("2026-12-04T13:02:10Z"))).toBe("overdue by 3 h 02 min 10 s");
  });

  it("is short in a list cell", () => {
    expect(formatSpanShort(2 * 86400 + 3 * 3600 + 59)).toBe("2 d 3 h");
    expect(formatSpanShort(5 * 3600 + 12 * 60)).toBe("5 h 12 min");
    expect(formatSpanShort(-14 * 60)).toBe("14 min");
    expect(formatSpan(59)).toBe("59 s");
    expect(formatSpan(61)).toBe("1 min 01 s");
  });
});

describe("files and hashes", () => {
  it("says sizes for people", () => {
    expect(formatBytes(812, "en-US")).toBe("812 B");
    expect(formatBytes(14_540, "en-US")).toBe("14 KB");
    expect(formatBytes(3_670_016, "en-US")).toBe("3.5 MB");
    expect(formatBytes(50 * 1024 * 1024, "en-US")).toBe("50 MB");
  });

  it("shortens a SHA-256 to its ends", () => {
    expect(shortHash("3f2a9c0d8e7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877")).toBe("3f2a9c0d…998877");
  });

  it("base64-encodes a large file in pieces without overflowing the stack, and decodes it back", async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31) % 256;
    const seen: number[] = [];
    const text = await toBase64(bytes, (f) => seen.push(f), 16);
    expect(text.length).toBe(Math.ceil(bytes.length / 3) * 4);
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(2);
    const back = fromBase64(text);
    expect(back.length).toBe(bytes.length);
    expect(back[bytes.length - 1]).toBe(bytes[bytes.length - 1]);
    expect(await toBase64(new TextEncoder().encode("hello"))).toBe("aGVsbG8=");
  });

  it("hashes with Web Crypto where the window has it", async () => {
    const digest = await sha256Hex(new TextEncoder().encode("hello"));
    expect([null, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"]).toContain(digest);
  });
});

describe("refusals", () => {
  const refusal = (message: string) => new DeskCommandError({ code: "invalidInput", message });

  it("puts the core's type, title and severity lines beside the open form's fields", () => {
    const e = opsErrorsOf(refusal('The incident is refused (2 problem(s))\ntitle: an incident needs a title\ntype: unknown incident type "worm"'), OPEN_FIELDS);
    expect(e.fields).toEqual({ title: ["An incident needs a title."], kind: ['Unknown incident type "worm".'] });
    expect(e.general).toEqual(["The incident is refused (2 problem(s))."]);
  });

  it("puts a follow-up's problem beside its row", () => {
    const e = opsErrorsOf(refusal("Closing the incident is refused (2 problem(s))\nfollowUps.0.action: say what is to be done\nfollowUps.11.owner: name who does it"), closeFields(12));
    expect(e.fields).toEqual({ "followUps.0.action": ["Say what is to be done."], "followUps.11.owner": ["Name who does it."] });
  });
});

describe("words and changes", () => {
  it("labels a type as people say it", () => {
    expect(labelOf(TYPE_LABELS, "dos")).toBe("Denial of service");
    expect(labelOf(TYPE_LABELS, "account_takeover")).toBe("Account takeover");
  });

  it("sees a change arrive in the timeline, the version or a chain of custody", () => {
    const before = incidentDetail();
    expect(detailFingerprint(incidentDetail())).toBe(detailFingerprint(before));
    expect(detailFingerprint(incidentDetail({ version: 5 }))).not.toBe(detailFingerprint(before));
    const opened = incidentDetail();
    opened.evidence[0]?.custody.push({ at: "2026-12-01T10:00:00Z", login: "sam_sec", action: "opened", purpose: "Review", sha256Seen: "x", hashMatched: true });
    expect(detailFingerprint(opened)).not.toBe(detailFingerprint(before));
  });
});

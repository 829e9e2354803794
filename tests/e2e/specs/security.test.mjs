// Security incident response as the security engineer meets it: sign in to a sandbox platform
// as sandbox_security and let the first sync finish. The incidents list shows the sandbox's
// open incidents with the breach whose 72-hour clock is running. A new incident is opened with
// the response team the type's setting proposes; two containment steps are added and one is
// ticked off; an evidence file is attached from disk, opened and found intact; then someone
// alters the stored file in the platform database and the next opening shows the mismatch
// loudly, on the chain of custody and the timeline. The incident is moved to contained. Last,
// the KPI screen opens with the figures behind it.
//
// The app runs with its own config and data folders (and the sandbox its own folder), so this
// spec neither sees nor leaves profiles, sessions or local copies for the other specs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { launchApp, shot, byTestId, sandboxSql, quote, sandboxSpec, replaceValue, signInToSandbox } from "../lib/harness.mjs";

const { base, dir, appEnv, run, stop } = sandboxSpec("security");
const TENANTS = "40";
after(stop);

// Opens a piece of evidence for `purpose`; returns the verdict the desk shows.
async function openEvidence(browser, fileName, purpose) {
  await byTestId(browser, `evidence-open-${fileName}`).click();
  await byTestId(browser, "evidence-open-dialog").waitForDisplayed({ timeout: 10000 });
  await replaceValue(browser, byTestId(browser, "evidence-purpose"), purpose);
  await byTestId(browser, "evidence-purpose-submit").click();
  await byTestId(browser, "evidence-verdict").waitForDisplayed({ timeout: 20000 });
  return byTestId(browser, "evidence-verdict").getAttribute("data-verdict");
}

test("security opens an incident, contains it, keeps evidence whose tampering shows, and reads the KPIs", async () => {
  run("start", "--dir", dir, "--tenants", TENANTS, "--write-profiles");
  const browser = await launchApp(appEnv);
  try {
    await signInToSandbox(browser, "Sandbox (security)", "nav-operations");

    // The incidents: a security-only member lands on them; the running breach clock shows.
    await byTestId(browser, "nav-operations").click();
    await byTestId(browser, "incidents-view").waitForDisplayed({ timeout: 15000 });
    assert.ok(!(await byTestId(browser, "ops-tab-deployments").isExisting()), "no ops tabs for security only");
    const open = Number(
      sandboxSql(dir, "SELECT count(*) FROM platform.security_incidents WHERE status NOT IN ('closed', 'false_positive')"),
    );
    await browser.waitUntil(async () => (await browser.$$('[data-testid^="incident-row-"]')).length === open, {
      timeout: 20000,
      timeoutMsg: `the list never showed the ${open} open incidents`,
    });
    await byTestId(browser, "incident-count-clocks").waitForDisplayed();
    await shot(browser, "100-security-incidents");

    // A new incident, with the team the malware setting proposes (security and ops).
    await byTestId(browser, "incident-open").click();
    // The form's fields are found inside it: the list and the detail use some of the same ids.
    const form = byTestId(browser, "incident-form");
    await form.waitForDisplayed({ timeout: 10000 });
    const field = (id) => form.$(`[data-testid="${id}"]`);
    await replaceValue(browser, field("incident-title"), "Cryptominer on a build agent");
    await field("incident-type").selectByAttribute("value", "malware");
    await field("incident-severity").selectByAttribute("value", "SEV2");
    await replaceValue(browser, field("incident-summary"), "EDR flagged xmrig on ci-agent-07");
    await browser.waitUntil(
      async () => {
        const team = (await field("incident-team").getAttribute("data-team")) ?? "";
        return team.includes("sandbox_security") && team.includes("sandbox_ops");
      },
      { timeout: 15000, timeoutMsg: "the malware team (security and ops) was never proposed" },
    );
    await shot(browser, "101-security-open-incident");
    await field("incident-submit").click();
    await byTestId(browser, "incident-form").waitForDisplayed({ reverse: true, timeout: 15000 });
    const id = await browser.waitUntil(
      async () => sandboxSql(dir, "SELECT id FROM platform.security_incidents WHERE title = 'Cryptominer on a build agent'") || false,
      { timeout: 15000, timeoutMsg: "the incident never reached the platform" },
    );
    const row = byTestId(browser, `incident-row-${id}`);
    await row.waitForDisplayed({ timeout: 30000 });
    await row.$('[role="gridcell"]').click();
    const detail = byTestId(browser, "incident-detail");
    await detail.waitForDisplayed({ timeout: 10000 });

    // Containment: two steps, the first ticked off.
    for (const step of ["Isolate ci-agent-07 from the network", "Rotate the CI runner's cloud credentials"]) {
      await replaceValue(browser, byTestId(browser, "step-text"), step);
      await byTestId(browser, "step-add").click();
      await browser.waitUntil(async () => (await byTestId(browser, "step-text").getValue()) === "", {
        timeout: 15000,
        timeoutMsg: `the step "${step}" was never added`,
      });
    }
    await byTestId(browser, "step-done-2").waitForDisplayed({ timeout: 30000 });
    await byTestId(browser, "step-done-1").click();
    await byTestId(browser, "step-note-dialog").waitForDisplayed({ timeout: 10000 });
    await replaceValue(browser, byTestId(browser, "step-note"), "Port 443 blocked at the switch");
    await byTestId(browser, "step-note-submit").click();
    await byTestId(browser, "step-done-by-1").waitForDisplayed({ timeout: 30000 });
    assert.match(await byTestId(browser, "step-done-by-1").getProperty("textContent"), /sandbox_security/);

    // Evidence from disk: stored with its hash, opened intact.
    const file = path.join(base, "edr-alert.txt");
    writeFileSync(file, "2026-12-03T09:12:44Z EDR alert host=ci-agent-07 process=xmrig sha256=9f2c…\n");
    await byTestId(browser, "evidence-attach").click();
    await byTestId(browser, "evidence-attach-dialog").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "evidence-file").setValue(file);
    await replaceValue(browser, byTestId(browser, "evidence-description"), "EDR alert export from the console");
    await byTestId(browser, "evidence-submit").click();
    await byTestId(browser, "evidence-row-edr-alert.txt").waitForDisplayed({ timeout: 30000 });
    const recorded = sandboxSql(
      dir,
      `SELECT sha256 FROM platform.incident_evidence WHERE incident_id = ${quote(id)} AND file_name = 'edr-alert.txt'`,
    );
    assert.match(recorded, /^[0-9a-f]{64}$/, "the platform recorded the file's SHA-256");
    assert.equal(await openEvidence(browser, "edr-alert.txt", "Confirm the process name"), "intact");
    await shot(browser, "102-security-evidence-intact");
    await browser.keys("Escape");

    // Someone alters the stored file behind the platform's back: the next opening says so.
    sandboxSql(
      dir,
      `SET session_replication_role = replica;
       UPDATE platform.incident_evidence_content SET content = convert_to('nothing to see here', 'UTF8')
        WHERE evidence_id = (SELECT id FROM platform.incident_evidence WHERE incident_id = ${quote(id)});`,
    );
    assert.equal(await openEvidence(browser, "edr-alert.txt", "Attach to the post-incident report"), "tamperedAtRest");
    await byTestId(browser, "evidence-custody").waitForDisplayed();
    await shot(browser, "103-security-evidence-tampered");
    await browser.keys("Escape");
    await byTestId(browser, "evidence-mismatch").waitForDisplayed({ timeout: 30000 });
    await browser.waitUntil(
      async () => {
        for (const e of await browser.$$('[data-testid="incident-timeline-entry"]')) {
          if ((await e.getAttribute("data-kind")) === "evidence_mismatch") return true;
        }
        return false;
      },
      { timeout: 30000, timeoutMsg: "the mismatch never reached the timeline" },
    );

    // Contained.
    await byTestId(browser, "incident-move").click();
    await byTestId(browser, "status-dialog").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "status-option-contained").click();
    await replaceValue(browser, byTestId(browser, "status-note"), "Agent isolated, credentials rotated");
    await byTestId(browser, "status-submit").click();
    await browser.waitUntil(async () => (await detail.getAttribute("data-status")) === "contained", {
      timeout: 30000,
      timeoutMsg: "the incident never showed as contained",
    });
    assert.equal(
      sandboxSql(dir, `SELECT status || ' ' || (contained_at IS NOT NULL) FROM platform.security_incidents WHERE id = ${quote(id)}`),
      "contained true",
    );
    await shot(browser, "104-security-incident-contained");
    await browser.keys("Escape");

    // The KPI screen, with the rows behind a figure.
    await byTestId(browser, "nav-kpis").click();
    await byTestId(browser, "kpi-screen").waitForDisplayed({ timeout: 15000 });
    await byTestId(browser, "kpi-card-incidentContain").waitForDisplayed({ timeout: 15000 });
    await shot(browser, "105-kpis");
    await byTestId(browser, "kpi-card-incidentContain").click();
    await byTestId(browser, "kpi-rows").waitForDisplayed({ timeout: 15000 });
    await shot(browser, "106-kpi-rows");
  } finally {
    await browser.deleteSession();
  }
});

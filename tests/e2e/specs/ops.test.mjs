// Operations as the on-call ops member meets it: sign in to a sandbox platform as sandbox_ops
// and let the first sync finish. The health dashboard shows every service from the platform's
// metrics, with the desk's own probes of the sandbox's health endpoints beside the recorded
// status, a service's charts, the optimisation candidate and the alert cascade. Then an
// escalation: the platform goes away, a finding is written offline and waits on the record;
// the platform comes back and it arrives once; the escalation is resolved with a
// knowledge-base article, which the offline search finds. Last, a failed deployment is rolled
// back to its previous stable version and the sandbox's deployer does it.
//
// The app runs with its own config and data folders (and the sandbox its own folder), so this
// spec neither sees nor leaves profiles, sessions or local copies for the other specs.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, shot, byTestId, sandboxSql, quote, sandboxSpec, replaceValue, signInToSandbox } from "../lib/harness.mjs";

const { dir, appEnv, run, stop } = sandboxSpec("ops");
const TENANTS = "40";
const connection = async (browser) => byTestId(browser, "status-connection").getAttribute("data-connection");
after(stop);

test("ops reads service health, works an escalation offline into a KB article, rolls a deployment back, and probes the integrations", async () => {
  run("start", "--dir", dir, "--tenants", TENANTS, "--write-profiles", "--work-secs", "3", "--failure-rate", "0");
  const browser = await launchApp(appEnv);
  try {
    await signInToSandbox(browser, "Sandbox (ops)", "nav-operations");

    // Health: every service, with the desk's probes beside the recorded status.
    await byTestId(browser, "nav-operations").click();
    await byTestId(browser, "ops-health").waitForDisplayed({ timeout: 15000 });
    await byTestId(browser, "health-row-smtp-relay").waitForDisplayed({ timeout: 30000 });
    const services = Number(sandboxSql(dir, "SELECT count(*) FROM platform.services"));
    assert.equal((await browser.$$('[data-testid^="health-row-"]')).length, services, "one row per service");
    await byTestId(browser, "health-probe").click();
    await browser.waitUntil(
      async () => (await byTestId(browser, "probe-api-gateway").getAttribute("data-status")) === "healthy",
      { timeout: 30000, timeoutMsg: "the desk's probe of api-gateway never came back healthy" },
    );
    const probed = await byTestId(browser, "probe-api-gateway").getProperty("textContent");
    assert.match(probed, /HTTP 200/, `the probe says what it saw: ${probed}`);
    await byTestId(browser, "health-candidates").waitForDisplayed();
    assert.ok(await byTestId(browser, "candidate-inbox-sync").isExisting(), "inbox-sync got slower this week");
    await byTestId(browser, "health-cascades").waitForDisplayed();
    const origin = await byTestId(browser, "health-cascades").$('[data-testid="cascade-origin"]');
    assert.match(await origin.getProperty("textContent"), /auth-service/, "the cascade's likely origin");
    await shot(browser, "90-ops-health");
    // A table row is clicked through its first cell (WebKit's driver does not click a <tr>).
    await byTestId(browser, "health-row-inbox-sync").$("td").click();
    await byTestId(browser, "health-detail").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "health-window-week").click();
    await browser.pause(1500);
    await shot(browser, "91-ops-health-detail");
    await browser.keys("Escape");

    // An escalation being investigated, as the platform has it.
    const found = sandboxSql(
      dir,
      `SELECT e.id, e.title, e.state FROM platform.escalations e
        WHERE e.state NOT IN ('resolved', 'closed')
        ORDER BY e.state = 'investigating' DESC, e.opened_at DESC LIMIT 1`,
    );
    assert.ok(found, "the sandbox has an open escalation");
    const [escalationId, escalationTitle, escalationState] = found.split("\t");
    console.log(`escalation: ${escalationTitle} (${escalationId})`);
    await byTestId(browser, "ops-tab-escalations").click();
    await byTestId(browser, "ops-escalations").waitForDisplayed({ timeout: 10000 });

    // The platform goes away; the finding is written offline.
    run("stop", "--dir", dir);
    await browser.waitUntil(async () => (await connection(browser)) === "offline", {
      timeout: 60000,
      timeoutMsg: "the desk never went offline",
    });
    // Found by its title (the list renders only the rows near the visible area); open ones
    // are listed by default.
    console.log(`state: ${escalationState}`);
    await byTestId(browser, "escalation-search").setValue(escalationTitle);
    const row = byTestId(browser, `escalation-row-${escalationId}`);
    await row.waitForExist({ timeout: 10000, timeoutMsg: `escalation ${escalationId} is not listed` });
    await row.scrollIntoView({ block: "center" });
    await row.$("td, [role=gridcell], div").click();
    const detail = browser.$(`[data-testid="escalation-detail"][data-id="${escalationId}"]`);
    await detail.waitForDisplayed({ timeout: 10000 });
    const finding = `E2E: bounce logs show a 550 from the recipient MX ${Date.now().toString(36)}`;
    await byTestId(browser, "entry-kind").selectByAttribute("value", "finding");
    await byTestId(browser, "entry-body").setValue(finding);
    await byTestId(browser, "entry-submit").click();
    await browser.waitUntil(
      async () => (await byTestId(browser, "escalation-timeline").getProperty("textContent")).includes(finding),
      { timeout: 10000, timeoutMsg: "the offline finding never showed on the timeline" },
    );
    assert.ok(
      (await byTestId(browser, "escalation-timeline").$$('[data-sync="pending"]')).length >= 1,
      "the finding waits on the record",
    );
    await shot(browser, "92-ops-escalation-offline");

    // The platform comes back: the finding arrives once.
    run("start", "--dir", dir, "--tenants", TENANTS, "--work-secs", "3", "--failure-rate", "0");
    await browser.waitUntil(async () => (await connection(browser)) === "online", {
      timeout: 90000,
      timeoutMsg: "the desk never came back online",
    });
    await browser.waitUntil(
      async () => sandboxSql(dir, `SELECT count(*) FROM platform.escalation_timeline WHERE body = ${quote(finding)}`) === "1",
      { timeout: 60000, timeoutMsg: "the finding never reached the platform" },
    );
    await browser.waitUntil(async () => (await byTestId(browser, "escalation-timeline").$$('[data-sync="pending"]')).length === 0, {
      timeout: 60000,
      timeoutMsg: "the pending badge never cleared",
    });

    // Resolved with a knowledge-base article written from the resolution.
    const articleTitle = `E2E: recipient MX rejects after a DNS change ${Date.now().toString(36)}`;
    await byTestId(browser, "escalation-resolve").click();
    await byTestId(browser, "resolve-text").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "resolve-text").setValue("The customer restored their MX record; bounces stopped.");
    await byTestId(browser, "resolve-with-article").click();
    await replaceValue(browser, byTestId(browser, "resolve-article-title"), articleTitle);
    await byTestId(browser, "resolve-submit").click();
    await browser.waitUntil(
      async () => sandboxSql(dir, `SELECT state FROM platform.escalations WHERE id = ${quote(escalationId)}`) === "resolved",
      { timeout: 60000, timeoutMsg: "the platform never had the escalation resolved" },
    );
    const linked = sandboxSql(
      dir,
      `SELECT k.slug FROM platform.kb_articles k JOIN platform.escalations e ON e.kb_article_id = k.id
        WHERE e.id = ${quote(escalationId)} AND k.escalation_id = e.id AND k.title = ${quote(articleTitle)}`,
    );
    assert.ok(linked, "the article is linked both ways");
    await byTestId(browser, "escalation-kb-link").waitForDisplayed({ timeout: 60000 });
    await shot(browser, "93-ops-escalation-resolved");

    // The knowledge base finds it (the search runs on the laptop).
    await byTestId(browser, "ops-tab-kb").click();
    await byTestId(browser, "ops-kb").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "kb-search").setValue("recipient MX rejects");
    const hit = byTestId(browser, `kb-hit-${linked}`);
    await hit.waitForDisplayed({ timeout: 60000, timeoutMsg: `the search never found ${linked}` });
    await hit.click();
    await byTestId(browser, "kb-article").waitForDisplayed({ timeout: 10000 });
    assert.match(await byTestId(browser, "kb-article").getProperty("textContent"), new RegExp(escalationTitle.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await shot(browser, "94-ops-kb-article");

    // A failed deployment is rolled back to its previous stable version by the deployer.
    const failed = sandboxSql(
      dir,
      `SELECT d.id, d.service, d.previous_version FROM platform.deployments d
        WHERE d.status = 'failed' AND d.previous_version IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM platform.rollback_requests r WHERE r.deployment_id = d.id)
        ORDER BY d.requested_at DESC LIMIT 1`,
    );
    assert.ok(failed, "the sandbox has a failed deployment to roll back");
    const [deploymentId, service, previous] = failed.split("\t");
    console.log(`deployment ${deploymentId}: ${service}, back to ${previous}`);
    await byTestId(browser, "ops-tab-deployments").click();
    await byTestId(browser, "ops-deployments").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "deployment-filter-failed").click();
    const deployment = byTestId(browser, `deployment-row-${deploymentId}`);
    await deployment.waitForExist({ timeout: 10000, timeoutMsg: `deployment ${deploymentId} is not listed` });
    await deployment.scrollIntoView({ block: "center" });
    await deployment.$("td, [role=gridcell], div").click();
    await byTestId(browser, "deployment-detail").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "deployment-rollback").click();
    await byTestId(browser, "rollback-reason").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "rollback-reason").setValue("E2E: the health check failed after the rollout");
    await shot(browser, "95-ops-rollback-dialog");
    await byTestId(browser, "rollback-submit").click();
    await byTestId(browser, "deployment-message").waitForDisplayed({ timeout: 15000 });
    // Keep the row listed once it is rolled back too.
    await byTestId(browser, "deployment-filter-rolled_back").click();
    await browser.waitUntil(
      async () => sandboxSql(dir, `SELECT status FROM platform.deployments WHERE id = ${deploymentId}`) === "rolled_back",
      { timeout: 90000, timeoutMsg: "the deployer never rolled the deployment back" },
    );
    await browser.waitUntil(async () => (await deployment.getAttribute("data-status")) === "rolled_back", {
      timeout: 60000,
      timeoutMsg: "the rollback never arrived on the board",
    });
    assert.match(
      sandboxSql(dir, `SELECT outcome FROM platform.rollback_requests WHERE deployment_id = ${deploymentId}`),
      new RegExp(previous.replace(/\./g, "\\.")),
      "the deployer says what it rolled back to",
    );
    await shot(browser, "96-ops-rolled-back");

    // Integrations: the desk probes every status endpoint; the deprecation 21 days out alerts;
    // a step of an onboarding is completed with its evidence.
    await byTestId(browser, "ops-tab-integrations").click();
    await byTestId(browser, "integration-row-sendgrid").waitForDisplayed({ timeout: 15000 });
    await byTestId(browser, "integration-probe").click();
    await browser.waitUntil(
      async () => (await byTestId(browser, "probe-integration-stripe").getAttribute("data-status")) === "healthy",
      { timeout: 30000, timeoutMsg: "the desk's probe of Stripe's status endpoint never came back healthy" },
    );
    const deprecation = byTestId(browser, "integration-deprecation-stripe");
    assert.equal(await deprecation.getAttribute("data-alert"), "true", "under 30 days: an alert");
    assert.match(await deprecation.getProperty("textContent"), /2[01] days/);
    await shot(browser, "97-ops-integrations");
    await byTestId(browser, "integration-row-okta").$("td, [role=gridcell]").click();
    await byTestId(browser, "integration-detail").waitForDisplayed({ timeout: 10000 });
    await browser.pause(800);
    await shot(browser, "98-ops-integration-detail");
    await browser.keys("Escape");
    await byTestId(browser, "integrations-sub-onboarding").click();
    const postmark = byTestId(browser, "onboarding-postmark");
    await postmark.waitForDisplayed({ timeout: 10000 });
    await postmark.$('[data-testid="onboarding-complete-staging_test"]').click();
    await byTestId(browser, "complete-step-dialog").waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, "complete-step-evidence").setValue("Staging run ci#5120: 48 sends, 0 bounces, webhooks verified");
    await byTestId(browser, "complete-step-submit").click();
    await browser.waitUntil(async () => (await postmark.getAttribute("data-next")) === "security_review", {
      timeout: 30000,
      timeoutMsg: "the staging test step never showed as done",
    });
    assert.match(
      sandboxSql(
        dir,
        `SELECT evidence FROM platform.integration_onboarding_steps s
           JOIN platform.integration_onboardings o ON o.id = s.onboarding_id
          WHERE o.name = 'postmark' AND s.step = 'staging_test'`,
      ),
      /ci#5120/,
    );
    await shot(browser, "99-ops-onboarding");
  } finally {
    await browser.deleteSession();
  }
});

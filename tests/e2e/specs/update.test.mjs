// Signed in-app updates, end to end through the real updater (tauri-plugin-updater's download,
// minisign check and AppImage install): a loopback HTTP server serves an update manifest and
// artifacts signed during the test with a throwaway key pair (`tauri signer`, from the UI's
// npm packages). The desk is pointed at it with the test-only PENGUIN_DESK_TEST_UPDATE_*
// variables, and installs into a file of the test's as if it were the desk's AppImage.
// Checked: the daily check announces a newer version; its notes show; an artifact changed by
// one byte and one signed by another key are refused with a clear message and nothing is
// installed; an older or equal version is not offered; a good one downloads with a progress
// bar and is installed; an unreachable server is a quiet "couldn't check"; About shows the
// version and saves the channel. Screenshots: target/e2e/update-*.png.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import {
  launchApp,
  stopDriver,
  shot,
  byTestId,
  createLogin,
  createPlatformDb,
  dropPlatformDb,
  repo,
} from "../lib/harness.mjs";

const tauri = path.join(repo, "ui/node_modules/.bin/tauri");
const current = JSON.parse(readFileSync(path.join(repo, "src-tauri/tauri.conf.json"), "utf8")).version;
const NEW = "9.9.0";
const work = mkdtempSync(path.join(os.tmpdir(), "desk-update-"));
// The app's own folders: no profile, session or last update check of another spec.
const appEnv = {
  XDG_CONFIG_HOME: path.join(work, "config"),
  XDG_DATA_HOME: path.join(work, "data"),
  XDG_CACHE_HOME: path.join(work, "cache"),
};
for (const d of Object.values(appEnv)) mkdirSync(d, { recursive: true, mode: 0o755 });
const platformDb = createPlatformDb();

after(() => {
  stopDriver();
  dropPlatformDb(platformDb);
  rmSync(work, { recursive: true, force: true });
});

// --- Keys and artifacts, made now -------------------------------------------------------
function signer(...args) {
  // Never the release key: whatever the environment holds, the test signs with its own.
  const env = { ...process.env, CI: "true" };
  delete env.TAURI_SIGNING_PRIVATE_KEY;
  delete env.TAURI_SIGNING_PRIVATE_KEY_PASSWORD;
  delete env.TAURI_SIGNING_PRIVATE_KEY_PATH;
  return execFileSync(tauri, ["signer", ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}
function keyPair(name, password) {
  const file = path.join(work, `${name}.key`);
  signer("generate", "--ci", "-p", password, "-w", file);
  return { file, password, pub: readFileSync(`${file}.pub`, "utf8").trim() };
}
function sign(key, file, version) {
  signer("sign", "-f", key.file, "-p", key.password, "--app-version", version, file);
  return readFileSync(`${file}.sig`, "utf8").trim();
}

const release = keyPair("release", "pw-release");
const stranger = keyPair("stranger", "pw-stranger");
// An AppImage is an ELF file: the updater refuses anything else for that kind of install.
const artifact = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), randomBytes(2 * 1024 * 1024)]);
const good = path.join(work, "good.AppImage");
writeFileSync(good, artifact);
const goodSig = sign(release, good, NEW);
const tampered = Buffer.from(artifact);
tampered[tampered.length - 100] ^= 0x01; // one byte changed after signing
const strangerFile = path.join(work, "stranger.AppImage");
writeFileSync(strangerFile, artifact);
const strangerSig = sign(stranger, strangerFile, NEW);

// The "installed AppImage" the desk replaces.
const installed = path.join(work, "Penguin_Desk.AppImage");
const original = Buffer.from("the AppImage of Penguin Desk " + current);
writeFileSync(installed, original, { mode: 0o755 });

// --- The update server --------------------------------------------------------------------
const state = { mode: "good", slow: false, manifests: 0 };
const notes = `Penguin Desk ${NEW}\n\n- Signed in-app updates with a progress bar\n- Stable and beta channels\n- The KPI screen`;
const server = createServer((req, res) => {
  const port = server.address().port;
  if (req.url.endsWith("/latest.json")) {
    state.manifests++;
    const entry = {
      good: { version: NEW, url: "/artifact/good", signature: goodSig },
      tampered: { version: NEW, url: "/artifact/tampered", signature: goodSig },
      stranger: { version: NEW, url: "/artifact/good", signature: strangerSig },
      older: { version: "0.0.9", url: "/artifact/good", signature: goodSig },
      equal: { version: current, url: "/artifact/good", signature: goodSig },
    }[state.mode];
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        version: entry.version,
        notes,
        pub_date: "2026-12-01T10:00:00Z",
        platforms: { "linux-x86_64": { url: `http://127.0.0.1:${port}${entry.url}`, signature: entry.signature } },
      }),
    );
    return;
  }
  const body = req.url === "/artifact/good" ? artifact : req.url === "/artifact/tampered" ? tampered : null;
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
  if (!state.slow) {
    res.end(body);
    return;
  }
  // Slowly, so the progress bar can be seen: 64 KiB every 60 ms (bounded by the body's size).
  let at = 0;
  const timer = setInterval(() => {
    const next = Math.min(at + 64 * 1024, body.length);
    res.write(body.subarray(at, next));
    at = next;
    if (at >= body.length) {
      clearInterval(timer);
      res.end();
    }
  }, 60);
  req.on("close", () => clearInterval(timer));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const endpoint = `http://127.0.0.1:${server.address().port}/{{target}}/{{arch}}/latest.json`;

// --- Helpers ----------------------------------------------------------------------------
async function signIn(browser, user, password) {
  await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
  await byTestId(browser, "profile-add").click();
  const form = byTestId(browser, "profile-form");
  await form.waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, "profile-name").setValue("Updates");
  await byTestId(browser, "profile-host").setValue("127.0.0.1");
  await byTestId(browser, "profile-port").clearValue();
  await byTestId(browser, "profile-port").setValue("5432");
  await byTestId(browser, "profile-database").setValue(platformDb);
  await byTestId(browser, "profile-tls").selectByAttribute("value", "disable");
  await byTestId(browser, "profile-user").setValue(user);
  await byTestId(browser, "profile-password").setValue(password);
  await byTestId(browser, "profile-save").click();
  await form.waitForDisplayed({ reverse: true, timeout: 10000 });
  await browser.$('[data-testid="profile-row"]*=Updates').click();
  await byTestId(browser, "signin-submit").click();
  await byTestId(browser, "nav-home").waitForDisplayed({ timeout: 30000 });
}

async function palette(browser, testId, words) {
  await browser.keys(["Control", "k"]);
  await byTestId(browser, "command-palette").waitForDisplayed({ timeout: 5000 });
  await byTestId(browser, "palette-input").setValue(words);
  await byTestId(browser, testId).click();
}

async function phase(browser, kind, timeout = 30000) {
  await browser.waitUntil(async () => (await byTestId(browser, "update-dialog").getAttribute("data-phase")) === kind, {
    timeout,
    timeoutMsg: `the update dialog never reached "${kind}"`,
  });
}

async function checkNow(browser) {
  await palette(browser, "palette-check-updates", "check for updates");
  await byTestId(browser, "update-dialog").waitForDisplayed({ timeout: 5000 });
  await browser.waitUntil(async () => (await byTestId(browser, "update-dialog").getAttribute("data-phase")) !== "checking", {
    timeout: 30000,
    timeoutMsg: "the check never finished",
  });
  return byTestId(browser, "update-dialog").getAttribute("data-phase");
}

// Clicks "Download and install" until the dialog leaves "available" (a click that lands while
// the dialog re-renders after a check is lost), then waits for `kind`.
async function install(browser, kind, timeout = 30000) {
  await browser.waitUntil(
    async () => {
      const now = await byTestId(browser, "update-dialog").getAttribute("data-phase");
      if (now !== "available") return true;
      const button = byTestId(browser, "update-install");
      if ((await button.isExisting()) && (await button.isEnabled())) await button.click();
      return false;
    },
    { timeout: 15000, interval: 1000, timeoutMsg: "the install never started" },
  );
  await phase(browser, kind, timeout);
}

async function closeDialog(browser) {
  await browser.keys("Escape");
  await byTestId(browser, "update-dialog").waitForDisplayed({ reverse: true, timeout: 5000 });
}

const installedNow = () => readFileSync(installed);

test("updates: found, refused when forged, not offered when older, installed when signed, quiet when unreachable", async () => {
  const user = createLogin("e2e_upd", "pw-upd", ["desk_cs"]);
  const browser = await launchApp({
    ...appEnv,
    PENGUIN_DESK_TEST_UPDATE_ENDPOINT: endpoint,
    PENGUIN_DESK_TEST_UPDATE_PUBKEY: release.pub,
    PENGUIN_DESK_TEST_UPDATE_INSTALL_PATH: installed,
  });
  try {
    await signIn(browser, user, "pw-upd");

    // The daily check (shortly after start) finds the newer version and says so in a banner.
    await byTestId(browser, "update-banner").waitForDisplayed({ timeout: 90000 });
    assert.match(await byTestId(browser, "update-banner").getText(), new RegExp(`Penguin Desk ${NEW.replace(/\./g, "\\.")} is available`));
    await shot(browser, "update-01-daily-banner");
    await byTestId(browser, "update-banner-view").click();
    await phase(browser, "available");
    await browser.waitUntil(async () => (await byTestId(browser, "update-title").getText()) === `Penguin Desk ${NEW} is available`, {
      timeout: 10000,
      timeoutMsg: "the dialog never named the new version",
    });
    assert.match(await byTestId(browser, "update-notes").getText(), /Stable and beta channels/);
    assert.match(await byTestId(browser, "update-versions").getText(), new RegExp(`You have ${current.replace(/\./g, "\\.")}`));
    await shot(browser, "update-02-dialog");
    await closeDialog(browser);

    // One byte changed: refused by the signature check, nothing installed.
    state.mode = "tampered";
    assert.equal(await checkNow(browser), "available");
    await install(browser, "refused");
    const tamperedText = await byTestId(browser, "update-refused").getText();
    assert.match(tamperedText, /signature does not match/);
    assert.match(tamperedText, /Nothing was installed/);
    assert.deepEqual(installedNow(), original, "a changed artifact was installed");
    await shot(browser, "update-03-refused-changed-byte");
    await closeDialog(browser);

    // Signed by another key: refused the same way.
    state.mode = "stranger";
    assert.equal(await checkNow(browser), "available");
    await install(browser, "refused");
    assert.match(await byTestId(browser, "update-refused").getText(), /signature does not match[\s\S]*Nothing was installed/);
    assert.deepEqual(installedNow(), original, "an artifact signed by another key was installed");
    await shot(browser, "update-04-refused-other-key");
    await closeDialog(browser);

    // Older and equal versions are not offered.
    for (const mode of ["older", "equal"]) {
      state.mode = mode;
      assert.equal(await checkNow(browser), "upToDate", `${mode} version offered`);
      assert.match(await byTestId(browser, "update-uptodate").getText(), new RegExp(`Version ${current.replace(/\./g, "\\.")} is the latest`));
      if (mode === "equal") await shot(browser, "update-05-up-to-date");
      await closeDialog(browser);
    }

    // The real thing: downloaded with a progress bar, signature accepted, installed.
    state.mode = "good";
    state.slow = true;
    assert.equal(await checkNow(browser), "available");
    await install(browser, "downloading");
    await byTestId(browser, "update-progress").waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => /\d+% ·/.test(await byTestId(browser, "update-progress-text").getText()), {
      timeout: 20000,
      timeoutMsg: "the progress bar never showed a percentage",
    });
    await shot(browser, "update-06-downloading");
    await phase(browser, "installed", 60000);
    assert.deepEqual(installedNow(), artifact, "the signed update was not installed");
    await byTestId(browser, "update-restart").waitForDisplayed();
    await shot(browser, "update-07-installed");
    await closeDialog(browser);
    state.slow = false;

    // The server is gone: a quiet "couldn't check", no error.
    await new Promise((r) => server.close(r));
    server.closeAllConnections?.();
    assert.equal(await checkNow(browser), "couldNotCheck");
    assert.match(await byTestId(browser, "update-quiet").getText(), /Couldn't check for updates/);
    assert.equal((await browser.$$('[data-testid="update-dialog"] [role="alert"]')).length, 0, "an error was shown");
    await shot(browser, "update-08-could-not-check");
    await closeDialog(browser);

    // About: the version, how it is installed, and the channel saved as a preference.
    await palette(browser, "palette-about", "about");
    await byTestId(browser, "about-dialog").waitForDisplayed({ timeout: 5000 });
    assert.equal(await byTestId(browser, "about-version").getText(), current);
    assert.equal(await byTestId(browser, "about-install").getText(), "AppImage");
    await byTestId(browser, "about-channel").waitForEnabled({ timeout: 10000 });
    await byTestId(browser, "about-channel").selectByAttribute("value", "beta");
    const prefsFile = path.join(appEnv.XDG_CONFIG_HOME, "com.penguinmails.desk", "app.json");
    await browser.waitUntil(() => existsSync(prefsFile) && JSON.parse(readFileSync(prefsFile, "utf8")).updateChannel === "beta", {
      timeout: 10000,
      timeoutMsg: "the beta channel was not saved",
    });
    await shot(browser, "update-09-about");
  } finally {
    await browser.deleteSession();
  }
});

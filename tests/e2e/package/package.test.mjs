// The packaging test: the .deb as staff install it. It bundles the debug build already made
// (`tauri bundle --debug --bundles deb`: no compilation; the release command is in the README),
// signs the updater artifact with a throwaway key, checks the package's metadata and declared
// dependencies with dpkg-deb (every shared library the binary links to comes from a declared
// package), the desktop entry and the icons, unpacks it into a temporary root (what dpkg -i
// would put in /), and starts the packaged binary from there under Xvfb against the sandbox
// platform. Screenshots: target/e2e/package-*.png. Run by scripts/package-test.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp, stopDriver, shot, byTestId, sandbox, repo } from "../lib/harness.mjs";

const tauri = path.join(repo, "ui/node_modules/.bin/tauri");
const conf = JSON.parse(readFileSync(path.join(repo, "src-tauri/tauri.conf.json"), "utf8"));
const version = conf.version;
const scratch = mkdtempSync(path.join(os.tmpdir(), "desk-package-"));
const root = path.join(scratch, "root");
const dir = path.join(process.env.XDG_DATA_HOME ?? scratch, "penguin-desk-sandbox-package");
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...opts });

after(() => {
  stopDriver();
  try {
    run(sandbox, ["stop", "--dir", dir], { stdio: "inherit" });
  } catch {
    /* not started */
  }
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * The package that ships a library (`dpkg -S`): tried as ldd names it, resolved, and with or
 * without /usr (a merged /usr lists a file under one of the two).
 */
function packageOf(file) {
  const real = execFileSync("readlink", ["-f", file], { encoding: "utf8" }).trim();
  const toggled = (f) => (f.startsWith("/usr/") ? f.slice(4) : `/usr${f}`);
  for (const candidate of [file, real, toggled(file), toggled(real)]) {
    try {
      return run("dpkg-query", ["-S", candidate], { stdio: ["ignore", "pipe", "ignore"] }).split(":")[0].trim();
    } catch {
      /* not under this name */
    }
  }
  throw new Error(`no package ships ${file}`);
}

let deb;

test("the .deb is built from the debug build, signed for the updater, with its metadata and dependencies", () => {
  const bundleDir = path.join(repo, "target/debug/bundle/deb");
  rmSync(bundleDir, { recursive: true, force: true });
  const before = statSync(path.join(repo, "target/debug/penguin-desk")).size;
  run(tauri, ["signer", "generate", "--ci", "-p", "package-test", "-w", path.join(scratch, "key")], { env: { ...process.env, CI: "true" } });
  const env = {
    ...process.env,
    CI: "true",
    // A throwaway key: the packaging test signs as a release does, never with the release key.
    TAURI_SIGNING_PRIVATE_KEY: readFileSync(path.join(scratch, "key"), "utf8"),
    TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "package-test",
  };
  delete env.TAURI_SIGNING_PRIVATE_KEY_PATH;
  run(tauri, ["bundle", "--debug", "--bundles", "deb", "--ci"], { cwd: repo, env, stdio: ["ignore", "inherit", "inherit"] });

  const debs = readdirSync(bundleDir).filter((f) => f.endsWith(".deb"));
  assert.deepEqual(debs, [`Penguin Desk_${version}_amd64.deb`]);
  deb = path.join(bundleDir, debs[0]);

  // The updater's signature of the package, bound to the version.
  const sig = Buffer.from(readFileSync(`${deb}.sig`, "utf8"), "base64").toString("utf8");
  assert.match(sig, /^untrusted comment: signature from tauri secret key/);
  assert.match(sig, new RegExp(`trusted comment: .*version:${version.replace(/\./g, "\\.")}`));

  // The channel's update manifest made from it (scripts/update-manifest.mjs, as scripts/release does).
  const manifest = JSON.parse(
    run("node", [path.join(repo, "scripts/update-manifest.mjs"), path.join(repo, "target/debug/bundle"), "--base-url", "https://updates.example/stable/files/"]),
  );
  assert.equal(manifest.version, version);
  assert.deepEqual(manifest.platforms["linux-x86_64-deb"], {
    url: `https://updates.example/stable/files/${encodeURIComponent(debs[0])}`,
    signature: readFileSync(`${deb}.sig`, "utf8").trim(),
  });

  // Metadata.
  const field = (f) => run("dpkg-deb", ["-f", deb, f]).trim();
  assert.equal(field("Package"), "penguin-desk");
  assert.equal(field("Version"), version);
  assert.equal(field("Architecture"), "amd64");
  assert.equal(field("Maintainer"), "PenguinMails");
  assert.match(field("Description"), /^PenguinMails' internal desk\n/);
  const depends = field("Depends").split(",").map((d) => d.trim().split(/\s/)[0]);
  const recommends = field("Recommends").split(",").map((d) => d.trim());
  for (const d of ["libwebkit2gtk-4.1-0", "libgtk-3-0", "libayatana-appindicator3-1", "libsoup-3.0-0", "libdbus-1-3"]) {
    assert.ok(depends.includes(d), `Depends lacks ${d}: ${depends}`);
  }
  assert.ok(recommends.includes("gnome-keyring"), "the Secret Service is recommended");
  assert.ok(recommends.includes("pkexec"), "pkexec (in-app .deb updates) is recommended");

  // Every declared dependency is a real package of this distribution (installed here).
  for (const d of new Set(depends)) {
    assert.match(run("dpkg-query", ["-W", "-f=${Status}", d]), /install ok installed/, `${d} is not a package here`);
  }

  // Contents: the binary, the desktop entry, the icons.
  const contents = run("dpkg-deb", ["-c", deb]);
  for (const f of [
    "usr/bin/penguin-desk",
    "usr/share/applications/Penguin Desk.desktop",
    "usr/share/icons/hicolor/32x32/apps/penguin-desk.png",
    "usr/share/icons/hicolor/128x128/apps/penguin-desk.png",
    "usr/share/icons/hicolor/512x512/apps/penguin-desk.png",
  ]) {
    assert.ok(contents.includes(f), `${f} is not in the package:\n${contents}`);
  }

  // The bundler marks the packaged binary as a .deb (what the updater installs with) and
  // leaves the build's own binary as it was.
  run("dpkg-deb", ["-x", deb, root]);
  const bin = path.join(root, "usr/bin/penguin-desk");
  assert.ok(readFileSync(bin).includes("__TAURI_BUNDLE_TYPE_VAR_DEB"), "the packaged binary is not marked as a .deb");
  const built = readFileSync(path.join(repo, "target/debug/penguin-desk"));
  assert.ok(built.includes("__TAURI_BUNDLE_TYPE_VAR_UNK"), "the build's binary was left marked");
  assert.equal(built.length, before);

  // Each library the binary links to comes from a declared package (libc and libgcc are in
  // every Debian system).
  const needed = [...run("readelf", ["-d", bin]).matchAll(/\(NEEDED\)\s+Shared library: \[(.+?)\]/g)].map((m) => m[1]);
  const resolved = run("ldd", [bin]);
  assert.ok(!resolved.includes("not found"), `unresolved libraries:\n${resolved}`);
  for (const so of needed) {
    const line = resolved.split("\n").find((l) => l.trim().startsWith(`${so} `) && l.includes("=>"));
    if (!line) continue; // the dynamic loader itself
    const file = line.split("=>")[1].trim().split(" ")[0];
    const pkg = packageOf(file).replace(/:amd64$/, "");
    if (["libc6", "libgcc-s1"].includes(pkg)) continue;
    assert.ok(depends.includes(pkg), `${so} comes from ${pkg}, which the package does not declare`);
  }

  // The desktop entry.
  const desktop = readFileSync(path.join(root, "usr/share/applications/Penguin Desk.desktop"), "utf8");
  for (const line of ["Type=Application", "Name=Penguin Desk", "Exec=penguin-desk", "Icon=penguin-desk", "Terminal=false", "Categories=Office;"]) {
    assert.ok(desktop.split("\n").includes(line), `the desktop entry lacks ${line}:\n${desktop}`);
  }
});

test("the unpacked package starts and signs in to the sandbox platform", async () => {
  assert.ok(deb && existsSync(path.join(root, "usr/bin/penguin-desk")), "the package test above did not unpack");
  run(sandbox, ["start", "--dir", dir, "--tenants", "20", "--write-profiles"], { stdio: "inherit" });
  const browser = await launchApp({}, path.join(root, "usr/bin/penguin-desk"));
  try {
    await byTestId(browser, "signin-screen").waitForDisplayed({ timeout: 30000 });
    const row = browser.$('[data-testid="profile-row"]*=Sandbox (all)');
    await row.waitForDisplayed({ timeout: 10000 });
    await row.click();
    await byTestId(browser, "signin-submit").click();
    await byTestId(browser, "nav-home").waitForDisplayed({ timeout: 30000 });
    const cell = browser.$('[data-testid="local-copy-table"] tr[data-collection="tenants"] td.num');
    await browser.waitUntil(async () => (await cell.isExisting()) && (await cell.getText()).replace(/\D/g, "") === "20", {
      timeout: 90000,
      timeoutMsg: "the sandbox's tenants never synced into the packaged desk",
    });
    await shot(browser, "package-01-installed-deb");

    // The packaged desk knows it is a .deb: its updates go through the package manager.
    await browser.keys(["Control", "k"]);
    await byTestId(browser, "command-palette").waitForDisplayed({ timeout: 5000 });
    await byTestId(browser, "palette-input").setValue("about");
    await byTestId(browser, "palette-about").click();
    await byTestId(browser, "about-dialog").waitForDisplayed({ timeout: 5000 });
    assert.equal(await byTestId(browser, "about-version").getText(), version);
    assert.equal(await byTestId(browser, "about-install").getText(), "Debian package (.deb)");
    await shot(browser, "package-02-about");
  } finally {
    await browser.deleteSession();
  }
});

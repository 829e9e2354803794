#!/usr/bin/env node
// Writes the update manifest (`latest.json`) of a release channel from the packages the Tauri
// CLI built and signed: one entry per package, keyed as tauri-plugin-updater looks them up
// ({os}-{arch}-{bundle}: linux-x86_64-deb, linux-x86_64-rpm, linux-x86_64-appimage, …), with
// the URL it will be served from and its signature (the .sig file's text). Refuses a package
// without a signature, or one signed for another version.
//   node scripts/update-manifest.mjs BUNDLE_DIR --base-url URL [--notes FILE] [--version V]
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const [bundleDir, ...rest] = process.argv.slice(2);
const opt = (name) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const baseUrl = opt("--base-url");
if (!bundleDir || !baseUrl) {
  console.error("usage: node scripts/update-manifest.mjs BUNDLE_DIR --base-url URL [--notes FILE] [--version V]");
  process.exit(2);
}
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const version = opt("--version") ?? JSON.parse(readFileSync(path.join(repo, "src-tauri/tauri.conf.json"), "utf8")).version;
const notesFile = opt("--notes");
const arch = { x64: "x86_64", arm64: "aarch64" }[process.arch] ?? process.arch;

// Which built file the updater installs, per bundle kind.
const kinds = [
  { dir: "deb", key: "linux", bundle: "deb", match: (f) => f.endsWith(".deb") },
  { dir: "rpm", key: "linux", bundle: "rpm", match: (f) => f.endsWith(".rpm") },
  { dir: "appimage", key: "linux", bundle: "appimage", match: (f) => f.endsWith(".AppImage") },
  { dir: "macos", key: "darwin", bundle: "app", match: (f) => f.endsWith(".app.tar.gz") },
  { dir: "nsis", key: "windows", bundle: "nsis", match: (f) => f.endsWith("-setup.exe") },
  { dir: "msi", key: "windows", bundle: "msi", match: (f) => f.endsWith(".msi") },
];

const platforms = {};
for (const k of kinds) {
  const dir = path.join(bundleDir, k.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
  for (const file of readdirSync(dir).filter(k.match)) {
    const sigFile = path.join(dir, `${file}.sig`);
    if (!existsSync(sigFile)) throw new Error(`${file} has no signature (${file}.sig): build with TAURI_SIGNING_PRIVATE_KEY set`);
    const signature = readFileSync(sigFile, "utf8").trim();
    const signed = Buffer.from(signature, "base64").toString("utf8").match(/version:([^\s]+)/)?.[1];
    if (signed !== version) throw new Error(`${file} was signed for version ${signed ?? "(none)"}, not ${version}`);
    platforms[`${k.key}-${arch}-${k.bundle}`] = {
      url: new URL(encodeURIComponent(file), baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString(),
      signature,
    };
  }
}
if (Object.keys(platforms).length === 0) throw new Error(`no signed package in ${bundleDir}`);

process.stdout.write(
  `${JSON.stringify(
    { version, notes: notesFile ? readFileSync(notesFile, "utf8") : `Penguin Desk ${version}`, pub_date: new Date().toISOString(), platforms },
    null,
    2,
  )}\n`,
);

// The end-to-end tests' harness: a real `takt demo` on a free port of 127.0.0.1 with its own
// journal in a temporary folder, Debian's headless Chromium driven by playwright-core, axe-core for
// accessibility, and a screenshot of each screen. Everything started here stops when the test ends.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const takt = process.env.TAKT ?? "takt";
export const screenshots = process.env.TAKT_SCREENSHOTS ?? join(process.cwd(), "screenshots");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

// Starts `takt demo` and waits until it listens. Resolves to { url, tokens: {user: token}, admin, stop }.
export async function startDemo({ simulator = false, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "takt-e2e-"));
  const argv = ["demo", "--db", `sqlite:${join(dir, "demo.db")}`, "--listen", "127.0.0.1:0", ...args];
  if (!simulator) argv.push("--no-simulator");
  const child = spawn(takt, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`takt demo did not start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", check);
    child.on("exit", (code) => reject(new Error(`takt demo exited (${code}):\n${out}`)));
  });
  const tokens = {};
  for (const m of out.matchAll(/user (\S+)\s+token (\S+)/g)) tokens[m[1]] = m[2];
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, tokens, admin: tokens["demo-admin"], dir, output: () => out, stop };
}

// A REST call with a Bearer token, for setting up and checking what the UI did.
export async function rest(server, token, method, path, body) {
  const r = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: r.status, body: json };
}

export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

// A new page at `viewport` (default 1280x800, a landscape terminal), signed in as `user`.
export async function signIn(browser, server, user, { viewport = { width: 1280, height: 800 }, lang = "en" } = {}) {
  const context = await browser.newContext({ viewport, locale: lang === "fr" ? "fr-FR" : "en-GB" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.problems = problems;
  await page.goto(server.url + "/");
  await page.getByLabel(/user name|nom d'utilisateur/i).fill(user);
  await page.getByLabel(/^token$|^jeton$/i).fill(server.tokens[user]);
  await page.getByRole("button", { name: /sign in|se connecter/i }).click();
  await page.getByRole("button", { name: /sign out|se déconnecter/i }).waitFor();
  return page;
}

// Runs axe-core on the page; throws on serious or critical violations.
export async function checkAccessibility(page, name) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (rightly) refuses
  // an injected <script>.
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
    throw new Error(`accessibility (${name}):\n  ${lines.join("\n  ")}`);
  }
  return result.violations;
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });
}

// Waits until `f` returns a truthy value (polling every 50 ms), or throws after `ms`.
export async function until(f, ms = 10_000, what = "condition") {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}
export { dirname };

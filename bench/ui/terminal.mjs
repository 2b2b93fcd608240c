// The operator terminal's weight and speed on the demo plant, in headless Chromium on this machine:
// - the JavaScript and CSS the browser fetched for /terminal/UNIT, compressed as sent (budget: 200 KB
//   gzip), and everything it fetched by then (HTML, scripts, styles, the API's JSON);
// - the time from navigation to the dispatch list shown and clickable (its first row passes
//   Playwright's actionability checks: visible, stable, enabled, receiving the pointer), and to the
//   unit picker's tiles, from a cold cache each time; median and worst of N loads (default 10).
//   TAKT=build/src/app/takt node build/tests/e2e/bench_terminal.mjs [LOADS] [UNIT]
import { startDemo, launch, signIn } from "./harness.mjs";

const loads = Number(process.argv[2] ?? 10);
const unit = process.argv[3] ?? "LYON-LATHE-01";
const budgetKb = 200;
const server = await startDemo();
const browser = await launch();

async function measure(state, path, ready) {
  const times = [];
  let assetsKb = 0;
  let allKb = 0;
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(server.url + path);
    await ready(page);
    times.push(performance.now() - t0);
    // Bytes as they came over the wire, compressed (same origin: the sizes are visible), once
    // the screen is ready: its lazy chunk and stylesheet came before it could render.
    const sizes = await page.evaluate(() => {
      const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
      const sum = (es) => es.reduce((n, e) => n + e.encodedBodySize, 0);
      return { assets: sum(entries.filter((e) => /\.(js|css)(\?|$)/.test(e.name))), all: sum(entries) };
    });
    assetsKb = sizes.assets / 1024;
    allKb = sizes.all / 1024;
    await context.close();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], worst: times.at(-1), assetsKb, allKb };
}

try {
  const first = await signIn(browser, server, "demo-operator");
  const state = await first.context().storageState();
  await first.context().close();
  const rows = [
    [
      `/terminal/${unit}`,
      await measure(state, `/terminal/${unit}`, async (page) => {
        const row = page.locator(".op-select").first();
        await row.waitFor({ state: "visible", timeout: 30_000 });
        await row.click({ trial: true, timeout: 30_000 });
      }),
    ],
    [
      "/terminal?choose",
      await measure(state, "/terminal?choose", async (page) => {
        const tile = page.locator(".unit-tile").first();
        await tile.waitFor({ state: "visible", timeout: 30_000 });
        await tile.click({ trial: true, timeout: 30_000 });
      }),
    ],
  ];
  console.log(`${loads} cold loads each, 1280x800, takt demo (no simulator)`);
  console.log("screen                        interactive ms: median   worst   JS+CSS KB gzip   all KB");
  for (const [path, r] of rows)
    console.log(
      `${path.padEnd(30)}${r.median.toFixed(0).padStart(22)}${r.worst.toFixed(0).padStart(8)}` +
        `${r.assetsKb.toFixed(1).padStart(17)}${r.allKb.toFixed(1).padStart(9)}`,
    );
  const [, terminal] = rows[0];
  console.log(
    `terminal JS+CSS ${terminal.assetsKb.toFixed(1)} KB of a ${budgetKb} KB budget: ${terminal.assetsKb <= budgetKb ? "within" : "OVER"}; ` +
      `interactive in ${terminal.worst.toFixed(0)} ms at worst: ${terminal.worst < 1000 ? "under" : "OVER"} 1 s`,
  );
} finally {
  await browser.close();
  await server.stop();
}

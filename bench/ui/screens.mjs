// Every screen of the web UI on the demo plant in headless Chromium: the time from navigation to the
// screen shown with its data (its heading there and no loading indicator left), and the JavaScript and
// CSS it fetched, compressed, from a cold cache. 10 loads of each screen; median and worst.
//   TAKT=build/src/app/takt node build/tests/e2e/bench_screens.mjs [LOADS]
import { startDemo, launch, signIn } from "./harness.mjs";

const loads = Number(process.argv[2] ?? 10);
const server = await startDemo();
const browser = await launch();
try {
  const first = await signIn(browser, server, "demo-admin");
  const state = await first.context().storageState();
  const screens = await first.$$eval("nav a", (as) => as.map((a) => a.getAttribute("href")));
  await first.context().close();
  console.log(`screen                      median ms   worst ms   JS+CSS KB gzip (cold)`);
  for (const path of ["/", ...screens.filter((s) => s !== "/")]) {
    const times = [];
    let kb = 0;
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(server.url + path);
      await page.locator("h1").first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll(".loading, [aria-busy='true']").length === 0, null, {
        timeout: 30_000,
      });
      times.push(Date.now() - t0);
      kb = await page.evaluate(
        () =>
          performance
            .getEntriesByType("resource")
            .filter((e) => /\.(js|css)(\?|$)/.test(e.name))
            .reduce((n, e) => n + e.encodedBodySize, 0) / 1024,
      );
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`${path.padEnd(28)}${String(median).padStart(9)}${String(times.at(-1)).padStart(11)}${kb.toFixed(1).padStart(14)}`);
  }
} finally {
  await browser.close();
  await server.stop();
}

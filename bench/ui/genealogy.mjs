// The genealogy, recall and inventory screens on the demo plant in headless Chromium: the time
// from navigation to the screen interactive with its data (the graph laid out, no loading
// indicator left), from a cold cache, with the graph's own build and layout time; and the graph of a wide trace (a bar lot turned into
// WIDE shafts, each packed into a pump: 2 x WIDE + 1 lots). LOADS loads of each; median and worst.
//   TAKT=build/src/app/takt node build/tests/e2e/bench_genealogy.mjs [LOADS] [WIDE]
import { startDemo, launch, signIn, rest } from "./harness.mjs";

const loads = Number(process.argv[2] ?? 10);
const wide = Number(process.argv[3] ?? 200);
const server = await startDemo();
const browser = await launch();

async function ok(method, path, body) {
  const r = await rest(server, server.admin, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

// The e2e test's genealogy, and a wide one: WIDE shafts from one bar, each consumed into its own pump.
async function setUp() {
  await ok("POST", "/api/v1/work-orders/WO-2611-001/operations/OP10/produce", {
    outputs: [{ id: "SH-47-001", quantity: 6, location: "LYON-FG-01" }, { id: "SH-47-002", quantity: 6, location: "LYON-FG-01" }],
  });
  await ok("POST", "/api/v1/material-lots/SH-47-002/ship", { quantity: 2, reference: "DN-4711" });
  await ok("POST", "/api/v1/material-lots", { id: "L-BENCH-BAR", material: "STEEL-BAR-20", quantity: 400, uom: "kg", location: "LYON-WH-R01" });
  const due = new Date(Date.now() + 7 * 86400e3).toISOString();
  await ok("POST", "/api/v1/work-orders", { id: "WO-BENCH-SH", product_definition: "PD-SHAFT-20", quantity: wide, site: "LYON", due });
  await ok("POST", "/api/v1/work-orders/WO-BENCH-SH/release", {});
  await ok("POST", "/api/v1/work-orders/WO-BENCH-SH/operations/OP10/start", { work_unit: "LYON-LATHE-02", operators: ["P-1003"] });
  await ok("POST", "/api/v1/work-orders/WO-BENCH-SH/operations/OP10/consume", { lot: "L-BENCH-BAR", quantity: 100, uom: "kg", deviation_reason: "bench" });
  for (let i = 0; i < wide; i += 50) {
    const outputs = [];
    for (let j = i; j < Math.min(wide, i + 50); j++) outputs.push({ id: `SH-B-${String(j).padStart(4, "0")}`, quantity: 1, location: "LYON-FG-01" });
    await ok("POST", "/api/v1/work-orders/WO-BENCH-SH/operations/OP10/produce", { outputs });
  }
  await ok("POST", "/api/v1/work-orders", { id: "WO-BENCH-P", product_definition: "PD-PUMP-100", quantity: wide, site: "LYON", due });
  await ok("POST", "/api/v1/work-orders/WO-BENCH-P/release", {});
  await ok("POST", "/api/v1/work-orders/WO-BENCH-P/operations/OP10/start", { work_unit: "LYON-ASSY-ST2", operators: ["P-1005"] });
  for (let j = 0; j < wide; j++) {
    const pump = `P-B-${String(j).padStart(4, "0")}`;
    await ok("POST", "/api/v1/work-orders/WO-BENCH-P/operations/OP10/produce", { outputs: [{ id: pump, quantity: 1, location: "LYON-FG-01" }] });
    await ok("POST", "/api/v1/work-orders/WO-BENCH-P/operations/OP10/consume", { lot: `SH-B-${String(j).padStart(4, "0")}`, quantity: 1, output: pump });
  }
}

try {
  await setUp();
  const first = await signIn(browser, server, "demo-supervisor");
  const state = await first.context().storageState();
  await first.context().close();
  const screens = [
    ["/genealogy/L-STEEL20-2611-001", "graph"],
    ["/recall/L-STEEL20-2611-001", "page"],
    ["/inventory", "page"],
    ["/inventory/lots/L-STEEL20-2611-001", "page"],
    ["/genealogy/L-BENCH-BAR?direction=forward", "graph"],
    ["/recall/L-BENCH-BAR", "page"],
  ];
  console.log(`screen                                        median ms   worst ms   lots drawn   graph build+layout ms`);
  for (const [path, until] of screens) {
    const times = [];
    const layouts = [];
    let drawn = "";
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(server.url + path);
      await page.locator("h1").first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll(".loading").length === 0, null, { timeout: 30_000 });
      if (until === "graph") {
        await page.locator(".trace-graph[data-ready=true]").waitFor({ timeout: 30_000 });
        drawn = await page.locator(".trace-graph").getAttribute("data-nodes");
        layouts.push(Number(await page.locator(".trace-graph").getAttribute("data-layout-ms")));
      }
      times.push(Date.now() - t0);
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    layouts.sort((a, b) => a - b);
    const layout = layouts.length ? String(layouts[Math.floor(layouts.length / 2)]) : "";
    console.log(`${path.padEnd(46)}${String(median).padStart(9)}${String(times.at(-1)).padStart(11)}${drawn.padStart(13)}${layout.padStart(24)}`);
  }
} finally {
  await browser.close();
  await server.stop();
}

// The schedule Gantt at size: 1,000 planned operations on 30 work units, built through the API beside
// the demo plant (as bench/plan_bench.cc builds its plant: 10 work centers of 3 units, 100 orders of
// 10 operations in two branches, 4 setup families with changeovers, three shifts with breaks), planned,
// then drawn in headless Chromium. Reports:
//   - render: from the schedule, units and downtime in hand to drawn (User Timing takt:gantt-render,
//     measured by the screen: Preact, vis-timeline's construction, its data sets and first redraw),
//     then the whole schedule brought into view (takt:gantt-window); median and worst of LOADS loads;
//   - drag: frame times (requestAnimationFrame) and long tasks while a scripted mouse drag moves an
//     operation across units and time for about two seconds, and the time from the drop to the
//     repaired schedule drawn (the server's repair included).
//   TAKT=build/src/app/takt node build/tests/e2e/bench_gantt.mjs [LOADS]
import { startDemo, launch, signIn, rest, until } from "./harness.mjs";

const loads = Number(process.argv[2] ?? 5);
const server = await startDemo();
const browser = await launch();
const token = server.admin;
const api = async (method, path, body) => {
  const r = await rest(server, token, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const fmt = (x) => x.toFixed(1).padStart(8);

try {
  // ---- the plant, through the API --------------------------------------------------------------
  const t0 = Date.now();
  await api("POST", "/api/v1/equipment", { id: "BENCH-ENT", level: "enterprise" });
  await api("POST", "/api/v1/equipment", { id: "BENCH", level: "site", parent: "BENCH-ENT", time_zone: "Europe/Paris" });
  await api("POST", "/api/v1/equipment", { id: "BENCH-AREA", level: "area", parent: "BENCH" });
  await api("POST", "/api/v1/shift-calendars", {
    id: "BENCH-3X8",
    scope: "BENCH",
    shifts: [
      { id: "early", days: [1, 2, 3, 4, 5, 6, 7], start: "06:00", end: "14:00", breaks: [{ start: "10:00", end: "10:20" }] },
      { id: "late", days: [1, 2, 3, 4, 5, 6, 7], start: "14:00", end: "22:00", breaks: [{ start: "18:00", end: "18:20" }] },
      { id: "night", days: [1, 2, 3, 4, 5, 6, 7], start: "22:00", end: "06:00", breaks: [{ start: "02:00", end: "02:20" }] },
    ],
  });
  await api("POST", "/api/v1/setup-matrices", { id: "BENCH-SM", rules: [{ from: "*", to: "*", setup_time_s: 900 }] });
  await api("POST", "/api/v1/equipment-classes", { id: "BENCH-MACHINE", setup_matrix: "BENCH-SM" });
  for (let c = 0; c < 10; c++) {
    await api("POST", "/api/v1/equipment", { id: `BWC${c}`, level: "work_center", parent: "BENCH-AREA" });
    for (let u = 0; u < 3; u++)
      await api("POST", "/api/v1/equipment", { id: `BWC${c}-U${u}`, level: "work_unit", parent: `BWC${c}`, classes: ["BENCH-MACHINE"] });
  }
  await api("POST", "/api/v1/units", { id: "bench-pcs", dimension: "count" }).catch(() => null);
  await api("POST", "/api/v1/material-definitions", { id: "BENCH-PART", uom: "bench-pcs" });
  // Ten product definitions, each visiting the ten work centers in its own order: steps 0-4 and 5-8
  // are two branches (5 starts at once), and step 9 joins them.
  for (let p = 0; p < 10; p++) {
    const routing = [];
    for (let k = 0; k < 10; k++)
      routing.push({
        id: `OP${k}`,
        work_center: `BWC${(k * 3 + p) % 10}`,
        setup_time_s: 300 + 60 * ((p + k) % 5),
        run_time_per_unit_s: 20 + 7 * ((p * k) % 9),
        may_pause: true,
        setup_family: `F${(p + k) % 4}`,
        ...(k === 5 ? { predecessors: [] } : k === 9 ? { predecessors: ["OP4", "OP8"] } : {}),
      });
    await api("POST", "/api/v1/product-definitions", { id: `BPD${p}`, product: "BENCH-PART", routing });
  }
  const now = Date.now();
  for (let i = 0; i < 100; i++) {
    const id = `BWO${String(i).padStart(3, "0")}`;
    await api("POST", "/api/v1/work-orders", {
      id,
      product_definition: `BPD${i % 10}`,
      quantity: 20 + (i % 30),
      due: new Date(now + (6 + (i % 5) * 12) * 3_600_000).toISOString(), // some will be late
      priority: 1 + (i % 900),
      site: "BENCH",
    });
    await api("POST", `/api/v1/work-orders/${id}/release`, {});
  }
  const plan = await api("POST", "/api/v1/schedules", { time_limit_s: 10 });
  const ours = plan.operations.filter((o) => o.work_unit.startsWith("BWC"));
  console.log(`machine: load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")} on ${(await import("node:os")).cpus().length} cores`);
  console.log(
    `plant: 30 work units, ${ours.length} planned operations on them (${plan.operations.length} with the demo's), ` +
      `${plan.late_orders} late orders; built and planned through the API in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  // ---- render ------------------------------------------------------------------------------------
  // On a shared machine the wall time includes waiting for a core: the main thread's own CPU time
  // (DevTools' ThreadTime) from the click on the screen's link to drawn is reported beside it.
  const page = await signIn(browser, server, "demo-supervisor", { viewport: { width: 1600, height: 1200 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const cpu = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ThreadTime").value * 1000;
  const renders = [], cpus = [], fits = [], drawn = [];
  for (let i = 0; i < loads; i++) {
    await page.goto(server.url + "/");
    await page.getByRole("navigation").waitFor();
    const before = await cpu();
    await page.getByRole("navigation").getByRole("link", { name: "Schedule" }).click();
    await page.waitForFunction(() => performance.getEntriesByName("takt:gantt-render").length > 0, null, { timeout: 60_000 });
    cpus.push((await cpu()) - before);
    renders.push(await page.evaluate(() => performance.getEntriesByName("takt:gantt-render")[0].duration));
    await page.evaluate(() => performance.clearMeasures("takt:gantt-window"));
    await page.getByRole("button", { name: "Whole schedule" }).click();
    await page.waitForFunction(() => performance.getEntriesByName("takt:gantt-window").length > 0, null, { timeout: 60_000 });
    fits.push(await page.evaluate(() => performance.getEntriesByName("takt:gantt-window")[0].duration));
    drawn.push(await page.locator(".vis-item.op").count());
  }
  const rows = await page.locator(".vis-label").count();
  console.log(`render (${loads} loads; ${rows} rows, ${Math.max(...drawn)} operations drawn once the whole schedule is in view):`);
  console.log(`  data in hand to drawn      median ${fmt(pct(renders, 50))} ms   worst ${fmt(Math.max(...renders))} ms (wall)`);
  console.log(`  click to drawn, CPU        median ${fmt(pct(cpus, 50))} ms   worst ${fmt(Math.max(...cpus))} ms (main thread; fetches and JSON included)`);
  console.log(`  whole schedule into view   median ${fmt(pct(fits, 50))} ms   worst ${fmt(Math.max(...fits))} ms`);

  // ---- a drag ------------------------------------------------------------------------------------
  await page.getByRole("button", { name: "Now" }).click();
  const active = await api("GET", "/api/v1/schedules/active");
  const inView = await page.evaluate(() =>
    [...document.querySelectorAll(".vis-item.op.vis-editable")].map((e) => e.getAttribute("data-id")).filter((id) => id?.startsWith("BWO")),
  );
  const op = active.operations.find((o) => inView.includes(`${o.order}/${o.operation}`) && o.eligible_units.length > 1);
  if (!op) throw new Error("no operation to drag in view");
  const item = page.locator(`.vis-item.op[data-id="${op.order}/${op.operation}"]`);
  await item.scrollIntoViewIfNeeded();
  const box = await item.boundingBox();
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  await page.evaluate(() => {
    const w = (globalThis.__frames = { times: [], long: [], on: true });
    const tick = (t) => {
      w.times.push(t);
      if (w.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.long.push(e.duration))).observe({ type: "longtask" });
  });
  await page.mouse.move(x, y);
  await page.mouse.down();
  // Two seconds of movement: across the rows below and back, and along time, one step per frame.
  const steps = 120;
  for (let i = 1; i <= steps; i++) {
    const a = (i / steps) * 2 * Math.PI;
    await page.mouse.move(x + 240 * Math.sin(a), y + 120 * (1 - Math.cos(a)));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  }
  // The drop: on its own unit, an hour or so later, at a start outside the unit's breaks.
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const breaks = (await api("GET", `/api/v1/downtime?work_unit=${op.work_unit}&from=${from}`)).items;
  let drop = Math.ceil((new Date(op.start).getTime() + 3_600_000) / 300_000) * 300_000;
  while (breaks.some((w) => new Date(w.start).getTime() - 300_000 <= drop && drop < new Date(w.end).getTime() + 300_000)) drop += 1_800_000;
  const pxPerMs = box.width / (new Date(op.end).getTime() - new Date(op.start).getTime());
  await page.mouse.move(x + (drop - new Date(op.start).getTime()) * pxPerMs, y);
  const frames = await page.evaluate(() => {
    const w = globalThis.__frames;
    w.on = false;
    return { times: w.times, long: w.long };
  });
  const gaps = frames.times.slice(1).map((t, i) => t - frames.times[i]);
  console.log(`drag (${steps} pointer moves over ${((frames.times.at(-1) - frames.times[0]) / 1000).toFixed(1)} s, ${gaps.length} frames):`);
  console.log(
    `  frame time                 median ${fmt(pct(gaps, 50))} ms   p95 ${fmt(pct(gaps, 95))} ms   worst ${fmt(Math.max(...gaps))} ms; ` +
      `${gaps.filter((g) => g > 50).length} frames over 50 ms; long tasks: ${frames.long.length} (longest ${fmt(Math.max(0, ...frames.long))} ms)`,
  );
  // The drop: fixed where it lands, the schedule repaired and drawn again.
  const before = active.id;
  await page.evaluate(() => performance.clearMeasures("takt:gantt-render"));
  const dropped = Date.now();
  await page.mouse.up();
  const outcome = await until(
    async () =>
      (await api("GET", "/api/v1/schedules/active")).id !== before
        ? "repaired"
        : (await page.locator(".banner.error").count())
          ? await page.locator(".banner.error").innerText()
          : null,
    30_000,
    "the repair after the drop",
  );
  if (outcome === "repaired") {
    await page.waitForFunction(() => performance.getEntriesByName("takt:gantt-render").length > 0, null, { timeout: 60_000 });
    console.log(`  drop to repaired and drawn ${fmt(Date.now() - dropped)} ms (the server's repair, 0.5 s at most, included)`);
  } else {
    console.log(`  the drop was refused: ${outcome}`);
  }
} finally {
  await browser.close();
  await server.stop();
}

// The plant board and the KPI view, as a supervisor uses them: machine data changes a unit's
// colour live, a stop waiting for a reason raises an alarm that goes once classified, the unit's
// operation follows the terminal, and the KPI view shows the API's figures for the same window.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launch, signIn, rest, until, checkAccessibility, screenshot } from "./harness.mjs";

let server, browser, board;
before(async () => {
  server = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const iso = (minutesFromNow) => new Date(Date.now() + minutesFromNow * 60_000).toISOString();
const record = async (...events) => {
  const r = await rest(server, server.admin, "POST", "/api/v1/machine-data", { events });
  assert.equal(r.status, 200, JSON.stringify(r.body));
};
const tile = (page, unit) => page.locator(`[data-unit="${unit}"]`);
const alarm = (page, unit) => page.locator(`[data-alarm-unit="${unit}"]`);

async function openBoard(user) {
  const page = await signIn(browser, server, user);
  page.problems.splice(0); // the sign-in page's own 401 (no session yet) is not the board's
  await page.goto(server.url + "/board?site=LYON");
  await page.getByRole("heading", { name: "Plant board" }).waitFor();
  await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
  await until(async () => (await page.locator(".board[aria-busy]").count()) === 0, 10_000, "the board's first snapshot");
  return page;
}

test("a supervisor sees a machine-data state change on the board within 2 seconds", async () => {
  board = await openBoard("demo-supervisor");
  const lathe = tile(board, "LYON-LATHE-02");
  assert.equal(await lathe.getAttribute("data-state"), "no_data");
  assert.match(await lathe.innerText(), /No data/);

  await record({ work_unit: "LYON-LATHE-02", time: iso(0), state: "running" });
  await until(async () => (await lathe.getAttribute("data-state")) === "running", 2000, "the lathe running on the board");
  assert.match(await lathe.innerText(), /Producing/);

  await record({ work_unit: "LYON-LATHE-02", time: iso(0), state: "unplanned_stop", reason: "E-205" });
  await until(async () => (await lathe.getAttribute("data-state")) === "unplanned_stop", 2000, "the lathe's breakdown");
  assert.match(await lathe.innerText(), /Breakdown/);
  assert.match(await lathe.innerText(), /E-205/);
  assert.equal(await lathe.getAttribute("data-element"), "ADET");
  // The board shows what the API says.
  const state = await rest(server, server.admin, "GET", "/api/v1/equipment/LYON-LATHE-02/machine-state");
  assert.equal(state.body.state, "unplanned_stop");
  // A stop code that carries a reason (E-205: a broken tool) waits for no one.
  assert.equal(await alarm(board, "LYON-LATHE-02").count(), 0);

  // The demo's lathe operation under way, with its order and progress.
  const first = tile(board, "LYON-LATHE-01");
  assert.match(await first.innerText(), /WO-2611-001 · OP10/);
  assert.match(await first.innerText(), /12 \/ 40 pcs/);
  assert.deepEqual(board.problems, []);
});

test("the alarm for a new unclassified stop appears and goes when it is classified", async () => {
  // The mill has been idle for ten minutes, with no reason: past the default 5 minutes.
  await record({ work_unit: "LYON-MILL-02", time: iso(-10), state: "idle" });
  await alarm(board, "LYON-MILL-02").waitFor({ timeout: 2000 });
  const text = await alarm(board, "LYON-MILL-02").innerText();
  assert.match(text, /idle/);
  assert.match(text, /still stopped/);
  await checkAccessibility(board, "board");
  await board.setViewportSize({ width: 1280, height: 1500 }); // the whole site: both areas
  await screenshot(board, "board");
  await board.setViewportSize({ width: 1280, height: 800 });

  // The supervisor gives the reason on the board.
  const start = await alarm(board, "LYON-MILL-02").getAttribute("data-alarm-start");
  await alarm(board, "LYON-MILL-02").getByRole("combobox").selectOption("MATERIAL");
  await alarm(board, "LYON-MILL-02").getByRole("button", { name: "Give reason" }).click();
  await alarm(board, "LYON-MILL-02").waitFor({ state: "detached", timeout: 5000 });
  const stops = await rest(server, server.admin, "GET", "/api/v1/equipment/LYON-MILL-02/stops");
  const stop = stops.body.stops.find((s) => Date.parse(s.start) === Date.parse(start));
  assert.equal(stop.reason, "MATERIAL");
  assert.equal(stop.classified_by, "operator");

  // A stop classified elsewhere (the operator's terminal) leaves the board too.
  await record({ work_unit: "LYON-MILL-01", time: iso(-8), state: "unplanned_stop" });
  await alarm(board, "LYON-MILL-01").waitFor({ timeout: 2000 });
  const begun = await alarm(board, "LYON-MILL-01").getAttribute("data-alarm-start");
  const op = await rest(server, server.tokens["demo-operator"], "POST", "/api/v1/equipment/LYON-MILL-01/stops/classify", {
    start: begun,
    reason: "TOOL-BREAK",
  });
  assert.equal(op.status, 200, JSON.stringify(op.body));
  await alarm(board, "LYON-MILL-01").waitFor({ state: "detached", timeout: 2000 });

  // A short stop raises none until it lasts: at a 2-minute threshold the next one shows.
  await record({ work_unit: "LYON-ASSY-ST1", time: iso(-3), state: "idle" });
  await board.getByLabel("Alarm after").selectOption("2");
  await alarm(board, "LYON-ASSY-ST1").waitFor({ timeout: 2000 });
  await board.getByLabel("Alarm after").selectOption("5");
  await alarm(board, "LYON-ASSY-ST1").waitFor({ state: "detached", timeout: 2000 });
  assert.deepEqual(board.problems, []);
});

test("the unit's operation follows what the terminal does", async () => {
  const lathe = tile(board, "LYON-LATHE-01");
  const step = (action, body) =>
    rest(server, server.tokens["demo-operator"], "POST", `/api/v1/work-orders/WO-2611-001/operations/OP10/${action}`, body);
  assert.equal((await step("pause", { reason: "break" })).status, 200);
  await until(async () => /paused/.test(await lathe.innerText()), 2000, "the operation paused on the tile");
  assert.equal((await step("resume", {})).status, 200);
  assert.equal((await step("report", { good: 28 })).status, 200);
  await until(async () => /40 \/ 40 pcs/.test(await lathe.innerText()), 2000, "the report on the tile");
  assert.doesNotMatch(await lathe.innerText(), /paused/);
  assert.equal((await step("complete", {})).status, 200);
  await until(async () => /No operation/.test(await lathe.innerText()), 2000, "the operation gone from the tile");
});

test("a viewer sees the alarms but no action, and a forged classification is refused", async () => {
  await record({ work_unit: "LYON-TEST-01", time: iso(-12), state: "unplanned_stop" });
  const page = await openBoard("demo-viewer");
  await alarm(page, "LYON-TEST-01").waitFor({ timeout: 5000 });
  assert.equal(await page.getByRole("button", { name: "Give reason" }).count(), 0);
  const start = await alarm(page, "LYON-TEST-01").getAttribute("data-alarm-start");
  const status = await page.evaluate(async (start) => {
    const session = await (await fetch("/api/v1/session")).json();
    const r = await fetch("/api/v1/equipment/LYON-TEST-01/stops/classify", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token },
      body: JSON.stringify({ start, reason: "JAM" }),
    });
    return r.status;
  }, start);
  assert.equal(status, 403);
  assert.equal(await alarm(page, "LYON-TEST-01").count(), 1);
  await page.context().close();
});

test("the board in French", async () => {
  const page = await signIn(browser, server, "demo-supervisor", { lang: "fr" });
  await page.goto(server.url + "/board?site=LYON");
  await page.getByRole("heading", { name: "Tableau de l'usine" }).waitFor();
  await page.getByRole("heading", { name: /Arrêts en attente de motif/ }).waitFor();
  await until(async () => /En panne/.test(await tile(page, "LYON-LATHE-02").innerText()), 5000, "the lathe in French");
  await until(
    async () => !(await page.locator(".node-oee").allInnerTexts()).some((x) => x.includes("–")),
    5000,
    "every node's OEE",
  );
  await screenshot(page, "board-fr");
  await page.context().close();
});

test("the KPI view shows the figures the API gives for the same window", async () => {
  // The press ran, stopped for ten minutes and ran again, in a window now past.
  await record(
    { work_unit: "LYON-PRESS-01", time: iso(-80), state: "running" },
    { work_unit: "LYON-PRESS-01", time: iso(-40), good: 90 },
    { work_unit: "LYON-PRESS-01", time: iso(-40), reject: 4 },
    { work_unit: "LYON-PRESS-01", time: iso(-30), state: "unplanned_stop" },
    { work_unit: "LYON-PRESS-01", time: iso(-20), state: "running" },
    { work_unit: "LYON-PRESS-01", time: iso(-15), good: 30 },
    { work_unit: "LYON-WELD-01", time: iso(-70), state: "running" },
    { work_unit: "LYON-WELD-01", time: iso(-50), state: "unplanned_stop", reason: "E-101" },
    { work_unit: "LYON-WELD-01", time: iso(-35), good: 12 },
  );
  const from = new Date(Math.floor((Date.now() - 90 * 60_000) / 60_000) * 60_000).toISOString();
  const to = new Date(Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000).toISOString();
  const api = await rest(server, server.admin, "GET", `/api/v1/kpi?equipment=LYON-MACH-FAB&from=${from}&to=${to}`);
  assert.equal(api.status, 200, JSON.stringify(api.body));

  const page = board;
  await page.goto(server.url + `/kpi?equipment=LYON-MACH-FAB&window=custom&from=${from}&to=${to}`);
  await page.getByRole("heading", { name: "KPIs of LYON-MACH-FAB" }).waitFor();
  await page.locator(".big-figure").first().waitFor();
  const shown = async (name) =>
    Number((await page.locator(`[data-kpi="${name}"] dd`).first().innerText()).replace("%", "").replace(",", "."));
  const pct = (r) => Math.round(r * 1000) / 10;
  assert.equal(await shown("oee"), pct(api.body.kpi.oee));
  assert.equal(await shown("availability"), pct(api.body.kpi.availability_iso));
  assert.equal(await shown("performance"), pct(api.body.kpi.effectiveness_iso));
  assert.equal(await shown("quality"), pct(api.body.kpi.quality_ratio));
  assert.ok(api.body.kpi.quality_ratio < 1, JSON.stringify(api.body.kpi)); // 4 rejects: not a trivial 100 %
  const small = await page.locator(".small-figures").innerText();
  assert.match(small, new RegExp(`Produced\\s+${api.body.counts.produced}\\b`));
  assert.match(small, new RegExp(`Reject\\s+${api.body.counts.reject}\\b`));

  await until(async () => (await page.locator("canvas").count()) >= 3, 5000, "the three charts drawn");
  await checkAccessibility(page, "kpi");
  await page.setViewportSize({ width: 1280, height: 1500 }); // the figures and the three charts
  await screenshot(page, "kpi");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The waterfall's and the Pareto's tables hold the API's steps and reasons.
  const waterfall = page.locator("#waterfall-title").locator("..");
  await waterfall.getByText("Data table").click();
  const rows = await waterfall.locator("tbody tr").allInnerTexts();
  assert.equal(rows.length, api.body.waterfall.length);
  const fully = api.body.waterfall.find((s) => s.step === "fully_productive_time");
  const minutes = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }).format(fully.s / 60);
  assert.equal(api.body.time_s.window, 2 * 80 * 60); // two units, 80 minutes: the tables are in minutes
  assert.match(rows.at(-1), new RegExp(`Fully productive time\\s+${minutes}$`));
  const pareto = page.locator("#pareto-title").locator("..");
  await pareto.getByText("Data table").click();
  const reasons = await pareto.locator("tbody th").allInnerTexts();
  assert.equal(reasons.length, api.body.pareto.length);
  api.body.pareto.forEach((e, i) => assert.ok(reasons[i].includes(e.reason ?? e.code ?? e.state), reasons[i]));
  await checkAccessibility(page, "kpi with its data tables");

  // A window that ends before it begins is refused at the field.
  await page.goto(server.url + `/kpi?equipment=LYON-MACH-FAB&window=custom&from=${to}&to=${from}`);
  const refusal = page.locator(".field-error");
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /from must be before to/);
  assert.equal(await page.getByLabel("From").getAttribute("aria-invalid"), "true");
  assert.deepEqual(
    page.problems.splice(0).filter((p) => !/status of 400/.test(p)),
    [],
  ); // the refusal's own 400

  // A shift (Monday 30 November, a working day in Lyon whatever today is), then the one before it.
  await page.goto(server.url + "/kpi?equipment=LYON&window=shift&at=2026-11-30T12:00:00Z");
  await page.locator("[data-kpi=oee]").waitFor();
  const line = await page.locator(".window-line").innerText();
  await page.getByRole("button", { name: /Previous shift/ }).click();
  await until(async () => (await page.locator(".window-line").innerText()) !== line, 5000, "the previous shift");
  assert.deepEqual(page.problems, []);
});

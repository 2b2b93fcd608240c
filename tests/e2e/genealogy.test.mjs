// Genealogy, recall and containment through the UI: find a raw lot by its supplier's lot number,
// see where it went (graph and table), open its recall, contain it with one confirmed action,
// then check through the API that the lots are held and the case exists; release the case. A
// viewer sees no write action and a forged one gets 403.
// The tests run in order and build on each other (the genealogy made before, the case, the received lot).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launch, signIn, rest, checkAccessibility, screenshot, until } from "./harness.mjs";

const RAW = "L-STEEL20-2611-001"; // supplier lot AR-88460, consumed into WO-2611-001 by the demo
let server, browser;

// Genealogy on the demo plant: shafts made from the raw bar (one partly shipped), a pump built
// from a shaft and a seal lot, then shipped.
async function makeGenealogy() {
  const admin = server.admin;
  const ok = async (method, path, body) => {
    const r = await rest(server, admin, method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await ok("POST", "/api/v1/work-orders/WO-2611-001/operations/OP10/produce", {
    outputs: [
      { id: "SH-47-001", quantity: 6, location: "LYON-FG-01" },
      { id: "SH-47-002", quantity: 6, location: "LYON-FG-01" },
    ],
  });
  await ok("POST", "/api/v1/material-lots/SH-47-002/ship", { quantity: 2, reference: "DN-4711" });
  await ok("POST", "/api/v1/work-orders/WO-2611-003/release", {});
  await ok("POST", "/api/v1/work-orders/WO-2611-003/operations/OP10/start", { work_unit: "LYON-ASSY-ST1", operators: ["P-1005"] });
  await ok("POST", "/api/v1/work-orders/WO-2611-003/operations/OP10/consume", { lot: "SH-47-001", quantity: 1 });
  await ok("POST", "/api/v1/work-orders/WO-2611-003/operations/OP10/consume", { lot: "L-ORING32-2611-001", quantity: 2 });
  await ok("POST", "/api/v1/work-orders/WO-2611-003/operations/OP10/produce", {
    outputs: [{ id: "PUMP-47-0001", quantity: 1, location: "LYON-FG-01" }],
  });
  await ok("POST", "/api/v1/material-lots/PUMP-47-0001/ship", { quantity: 1, reference: "DN-5001" });
}

before(async () => {
  server = await startDemo();
  browser = await launch();
  await makeGenealogy();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a raw lot found by its supplier's lot shows where it went, as a graph and a table", async () => {
  const page = await signIn(browser, server, "demo-supervisor");
  await page.getByRole("navigation").getByRole("link", { name: "Genealogy" }).click();
  await page.getByRole("heading", { name: "Genealogy", exact: true }).waitFor();
  await checkAccessibility(page, "genealogy-find");
  await page.getByLabel("Lot or supplier lot number").fill("AR-88460");
  await page.getByRole("button", { name: "Find" }).click();
  // The only match opens at once, on its forward trace (a received lot was made of nothing here).
  await page.getByRole("heading", { name: `Genealogy of ${RAW}` }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Went into" }).getAttribute("aria-pressed"), "true");
  const graph = page.locator(".trace-graph[data-ready=true]");
  await graph.waitFor();
  assert.equal(await graph.getAttribute("data-nodes"), "4"); // the bar, two shafts, the pump
  assert.equal(await graph.getAttribute("data-edges"), "3");
  assert.match(await graph.getAttribute("aria-label"), /4 lots and 3 links/);
  const rows = page.locator("table.trace-table tbody tr");
  assert.equal(await rows.count(), 3);
  assert.match(await rows.nth(2).innerText(), /PUMP-47-0001.*PUMP-100.*Shipped/s);
  await checkAccessibility(page, "genealogy-forward");
  await screenshot(page, "genealogy-forward");

  // The pump's backward trace: what it was made from, down to the raw lots.
  await rows.nth(2).getByRole("link", { name: "PUMP-47-0001" }).click();
  await page.getByRole("heading", { name: "Genealogy of PUMP-47-0001" }).waitFor();
  await page.getByRole("button", { name: "Made from" }).click();
  await page.locator(".trace-graph[data-ready=true]").waitFor();
  const back = await page.locator("table.trace-table tbody").innerText();
  for (const lot of ["SH-47-001", "L-ORING32-2611-001", RAW]) assert.ok(back.includes(lot), `${lot} in the backward trace`);
  assert.equal(await page.locator(".trace-graph").getAttribute("data-edges"), "3");
  await screenshot(page, "genealogy-backward");
  assert.deepEqual(page.problems.filter((p) => !/401/.test(p)), []); // 401: the session asked for before signing in
  await page.context().close();
});

test("a recall lists every affected lot and shipment, and one confirmed action contains them all", async () => {
  const page = await signIn(browser, server, "demo-supervisor");
  await page.goto(`${server.url}/genealogy/${RAW}`);
  await page.getByRole("link", { name: "Recall" }).click();
  await page.getByRole("heading", { name: `Recall of ${RAW}` }).waitFor();
  const affected = page.getByRole("region", { name: "Affected lots" });
  for (const lot of ["SH-47-001", "SH-47-002", "PUMP-47-0001"]) await affected.getByRole("link", { name: lot }).waitFor();
  const shipments = page.getByRole("region", { name: "Shipments to write to" });
  await shipments.getByText("DN-4711").waitFor();
  await shipments.getByText("DN-5001").waitFor();
  await page.getByRole("region", { name: "Where the affected stock lies" }).getByText("LYON-FG-01").waitFor();
  await checkAccessibility(page, "recall");
  await screenshot(page, "recall");

  await page.getByRole("button", { name: "Contain…" }).click();
  const dialog = page.getByRole("dialog", { name: `Contain ${RAW}` });
  await dialog.waitFor();
  // Confirming without a reason says so at the field, and writes nothing.
  const head = (await rest(server, server.admin, "GET", "/api/v1/health")).body.journal_seq;
  await dialog.getByRole("button", { name: "Contain 4 lots" }).click();
  await dialog.getByText("Required").waitFor();
  assert.equal(await dialog.getByLabel("Reason").getAttribute("aria-invalid"), "true");
  assert.equal((await rest(server, server.admin, "GET", "/api/v1/health")).body.journal_seq, head);
  await checkAccessibility(page, "contain-dialog");
  await dialog.getByLabel("Reason").fill("Supplier alert: bar AR-88460 out of tolerance");
  await screenshot(page, "contain-dialog");
  await dialog.getByRole("button", { name: "Contain 4 lots" }).click();

  // The case, with what the reply says it holds.
  await page.getByRole("heading", { name: "Containment case C-0001" }).waitFor();
  await page.getByRole("status").getByText("Case C-0001 opened: 4 lots held.").waitFor();
  const held = page.getByRole("region", { name: "Held lots" });
  for (const lot of [RAW, "SH-47-001", "SH-47-002", "PUMP-47-0001"]) await held.getByRole("link", { name: lot }).waitFor();
  await checkAccessibility(page, "containment");
  await screenshot(page, "containment-opened");

  // Through the API: the case exists and every lot with stock is held by it.
  const c = await rest(server, server.admin, "GET", "/api/v1/containments/C-0001");
  assert.equal(c.status, 200);
  assert.equal(c.body.status, "open");
  assert.equal(c.body.reason, "Supplier alert: bar AR-88460 out of tolerance");
  assert.deepEqual(c.body.sources, [RAW]);
  assert.deepEqual(new Set(c.body.held.map((h) => h.lot)), new Set([RAW, "SH-47-001", "SH-47-002", "PUMP-47-0001"]));
  for (const lot of [RAW, "SH-47-001", "SH-47-002"]) {
    const l = await rest(server, server.admin, "GET", `/api/v1/material-lots/${lot}`);
    assert.equal(l.body.status, "on_hold", lot);
    assert.equal(l.body.holds.find((h) => h.case === "C-0001")?.kind, "containment", lot);
  }
  // A held lot cannot be shipped any more.
  const ship = await rest(server, server.admin, "POST", "/api/v1/material-lots/SH-47-002/ship", { quantity: 1, reference: "DN-9" });
  assert.equal(ship.status, 409);

  // The case's release lifts its holds.
  await page.getByRole("button", { name: "Release the case…" }).click();
  const release = page.getByRole("dialog", { name: "Release case C-0001" });
  await release.getByLabel("Reason").fill("Bar re-measured: within tolerance");
  await release.getByRole("button", { name: "Release 4 lots" }).click();
  await page.getByRole("status").getByText("Case C-0001 released.").waitFor();
  const released = await rest(server, server.admin, "GET", "/api/v1/containments/C-0001");
  assert.equal(released.body.status, "released");
  assert.equal(released.body.release_reason, "Bar re-measured: within tolerance");
  for (const lot of [RAW, "SH-47-001", "SH-47-002"])
    assert.equal((await rest(server, server.admin, "GET", `/api/v1/material-lots/${lot}`)).body.status, "available", lot);

  // The case is listed on the recall screen.
  await page.getByRole("link", { name: "Recall and containment" }).click();
  await page.getByRole("region", { name: "Containment cases" }).getByRole("link", { name: "C-0001" }).waitFor();
  await checkAccessibility(page, "recall-cases");
  assert.deepEqual(page.problems.filter((p) => !/401/.test(p)), []); // 401: the session asked for before signing in
  await page.context().close();
});

test("a viewer sees no containment action, and a forged one is refused", async () => {
  const page = await signIn(browser, server, "demo-viewer");
  await page.goto(`${server.url}/recall/${RAW}`);
  await page.getByRole("heading", { name: `Recall of ${RAW}` }).waitFor();
  await page.getByRole("region", { name: "Affected lots" }).getByRole("link", { name: "PUMP-47-0001" }).waitFor();
  assert.equal(await page.getByRole("button", { name: /Contain/ }).count(), 0);
  await page.goto(`${server.url}/containments/C-0001`);
  await page.getByRole("heading", { name: "Containment case C-0001" }).waitFor();
  assert.equal(await page.getByRole("button", { name: /Release/ }).count(), 0);
  // Forged from the viewer's own session, with its CSRF token: the server refuses the role.
  const forged = await page.evaluate(async (lot) => {
    const s = await (await fetch("/api/v1/session")).json();
    const r = await fetch("/api/v1/containments", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token },
      body: JSON.stringify({ lots: [lot], reason: "forged" }),
    });
    return { status: r.status, code: (await r.json()).error.code };
  }, RAW);
  assert.deepEqual(forged, { status: 403, code: "permission_denied" }); // the role, not a missing CSRF token
  const cases = await rest(server, server.admin, "GET", "/api/v1/containments");
  assert.equal(cases.body.items.length, 1);
  await page.context().close();
});

test("the recall reads in French", async () => {
  const page = await signIn(browser, server, "demo-supervisor", { lang: "fr" });
  await page.goto(`${server.url}/recall/${RAW}`);
  await page.getByRole("heading", { name: `Rappel de ${RAW}` }).waitFor();
  await page.getByRole("region", { name: "Expéditions à notifier" }).getByText("DN-5001").waitFor();
  await until(async () => (await page.getByRole("button", { name: "Confiner…" }).count()) === 1, 5000, "the French contain button");
  await checkAccessibility(page, "recall-fr");
  await screenshot(page, "recall-fr");
  await page.context().close();
});

// Inventory through the UI: balances by material, lot and location; receive, move, hold and
// release a lot, each checked through the API, with the server's refusals shown at the field; a
// lot's movement history; a viewer sees no write action and a forged one gets 403.
// The tests run in order and build on each other (the genealogy made before, the case, the received lot).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launch, signIn, rest, checkAccessibility, screenshot } from "./harness.mjs";

const LOT = "L-ORING32-2611-077";
let server, browser;

before(async () => {
  server = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const lotOf = async (id) => (await rest(server, server.admin, "GET", `/api/v1/material-lots/${id}`)).body;

test("balances by material, lot and location show the demo plant's stock", async () => {
  const page = await signIn(browser, server, "demo-operator");
  await page.getByRole("navigation").getByRole("link", { name: "Inventory" }).click();
  await page.getByRole("heading", { name: "Inventory" }).waitFor();
  const panel = page.getByRole("tabpanel");
  // 1 250 kg of 40 mm bar, all available; the second billet lot waits in quarantine.
  await panel.getByRole("row", { name: /STEEL-BAR-40/ }).getByText("1,250 kg").first().waitFor();
  await panel.getByRole("row", { name: /ALU-BILLET-80/ }).getByText("600 kg").waitFor();
  await checkAccessibility(page, "inventory-balances");
  await screenshot(page, "inventory-balances");
  await page.getByRole("tab", { name: "By location" }).click();
  await panel.getByRole("rowheader", { name: "LYON-WH-B01" }).first().waitFor();
  await page.getByRole("tab", { name: "By lot" }).click();
  await panel.getByRole("link", { name: "L-ALU80-2611-002" }).waitFor();
  // Filtered by status, only the quarantined lot is left.
  await page.getByLabel("Status").selectOption("quarantine");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/status=quarantine/);
  await panel.getByRole("link", { name: "L-ALU80-2611-002" }).waitFor();
  assert.equal(await panel.locator("tbody tr").count(), 1);
  await page.getByRole("tab", { name: "Lots" }).click();
  await page.getByLabel("Lot or supplier lot").fill("VL-7781");
  await page.getByLabel("Status").selectOption("");
  await page.getByRole("button", { name: "Apply" }).click();
  await panel.getByRole("link", { name: "L-SCREW-2611-001" }).waitFor();
  assert.equal(await panel.locator("tbody tr").count(), 1);
  await checkAccessibility(page, "inventory-lots");
  assert.deepEqual(page.problems.filter((p) => !/401/.test(p)), []); // 401: the session asked for before signing in
  await page.context().close();
});

test("an operator receives and moves a lot, with the server's refusals at the field", async () => {
  const page = await signIn(browser, server, "demo-operator");
  await page.goto(`${server.url}/inventory`);
  // An operator moves stock but does not place or lift holds.
  await page.getByRole("button", { name: "Receive a lot" }).click();
  const dialog = page.getByRole("dialog", { name: "Receive a lot" });
  await dialog.getByLabel("Lot id").fill(LOT);
  await dialog.getByLabel("Material").selectOption("ORING-32");
  assert.equal(await dialog.getByLabel("Unit").inputValue(), "pcs"); // the material's own unit
  await dialog.getByLabel("Quantity").fill("0");
  await dialog.getByLabel("Location").selectOption("LYON-WH-B01");
  await dialog.getByLabel("Supplier", { exact: true }).fill("Joints Industrie");
  await dialog.getByLabel("Supplier lot").fill("JI-55177");
  await dialog.getByLabel("Expires").fill("2031-12-31");
  await dialog.getByRole("button", { name: "Receive a lot" }).click();
  // The server refuses a receipt of nothing, and says so at the quantity.
  const quantity = dialog.getByLabel("Quantity");
  await page.waitForFunction(() => document.querySelector("dialog [name=quantity]")?.getAttribute("aria-invalid") === "true");
  assert.match(await dialog.locator(".field-error").innerText(), /from 0 \(exclusive\)/); // the server's words
  assert.equal((await rest(server, server.admin, "GET", `/api/v1/material-lots/${LOT}`)).status, 404);
  await checkAccessibility(page, "receive-dialog");
  await screenshot(page, "inventory-receive-error");
  await quantity.fill("250");
  await dialog.getByRole("button", { name: "Receive a lot" }).click();
  await page.getByRole("status").getByText(`Lot ${LOT} received.`).waitFor();
  let lot = await lotOf(LOT);
  assert.equal(lot.quantity, 250);
  assert.equal(lot.material, "ORING-32");
  assert.equal(lot.supplier_lot, "JI-55177");
  assert.equal(lot.expires_at, "2031-12-31T00:00:00Z");
  assert.deepEqual(lot.locations, [{ location: "LYON-WH-B01", quantity: 250 }]);
  assert.equal(lot.created_by, "user:demo-operator");

  // Its page: move more than is there (refused at the quantity), then part of it.
  await page.goto(`${server.url}/inventory/lots/${LOT}`);
  await page.getByRole("heading", { name: `Lot ${LOT}` }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Hold" }).count(), 0);
  await page.getByRole("button", { name: "Move", exact: true }).first().click();
  const move = page.getByRole("dialog", { name: `Move stock of ${LOT}` });
  await move.getByLabel("To").selectOption("LYON-FG-01");
  await move.getByLabel("Quantity").fill("300");
  await move.getByRole("button", { name: "Move" }).click();
  await move.locator(".field.invalid").getByText(/negative|holds/).waitFor();
  assert.equal(await move.getByLabel("Quantity").getAttribute("aria-invalid"), "true");
  assert.deepEqual((await lotOf(LOT)).locations, [{ location: "LYON-WH-B01", quantity: 250 }]);
  await move.getByLabel("Quantity").fill("100");
  await move.getByRole("button", { name: "Move" }).click();
  await page.getByRole("status").getByText("Moved 100 pcs to LYON-FG-01.").waitFor();
  lot = await lotOf(LOT);
  assert.deepEqual(lot.locations, [
    { location: "LYON-FG-01", quantity: 100 },
    { location: "LYON-WH-B01", quantity: 150 },
  ]);
  // The movement history: received, then moved, with the stock after each.
  const movements = page.getByRole("region", { name: "Movements" });
  await movements.getByRole("rowheader", { name: "Moved" }).waitFor();
  const rows = movements.locator("tbody tr");
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /Received\s+\+250\s+250 pcs\s+LYON-WH-B01 · JI-55177\s+user:demo-operator/);
  assert.match(await rows.nth(1).innerText(), /Moved\s+100\s+250 pcs\s+LYON-WH-B01 → LYON-FG-01/);
  const api = await rest(server, server.admin, "GET", `/api/v1/material-lots/${LOT}/movements`);
  assert.deepEqual(api.body.items.map((m) => m.kind), ["received", "moved"]);
  await checkAccessibility(page, "lot-detail-operator");
  assert.deepEqual(page.problems.filter((p) => !/401|409|400/.test(p)), []); // the refusals above, and the session asked for before signing in
  await page.context().close();
});

test("a supervisor holds and releases a lot", async () => {
  const page = await signIn(browser, server, "demo-supervisor");
  await page.goto(`${server.url}/inventory/lots/${LOT}`);
  await page.getByRole("heading", { name: `Lot ${LOT}` }).waitFor();
  await page.getByRole("button", { name: "Hold", exact: true }).click();
  const hold = page.getByRole("dialog", { name: `Hold ${LOT}` });
  // A hold needs a reason, asked for at the field.
  await hold.getByLabel("Kind of hold").selectOption("quarantine");
  await hold.getByRole("button", { name: "Hold" }).click();
  await hold.getByText("Required").waitFor();
  await hold.getByLabel("Reason").fill("Incoming inspection: dimensional check");
  await hold.getByRole("button", { name: "Hold" }).click();
  await page.getByRole("status").getByText(`Lot ${LOT} held.`).waitFor();
  let lot = await lotOf(LOT);
  assert.equal(lot.status, "quarantine");
  assert.deepEqual(
    lot.holds.map((h) => [h.id, h.kind, h.reason, h.actor]),
    [["H1", "quarantine", "Incoming inspection: dimensional check", "user:demo-supervisor"]],
  );
  const holds = page.getByRole("region", { name: "Holds" });
  await holds.getByRole("rowheader", { name: "H1" }).waitFor();
  await checkAccessibility(page, "lot-detail-held");
  await screenshot(page, "inventory-lot-held");

  await holds.getByRole("button", { name: "Release H1" }).click();
  const release = page.getByRole("dialog", { name: `Release hold H1 of ${LOT}` });
  await release.getByLabel("Reason").fill("Inspection passed");
  await release.getByRole("button", { name: "Release" }).click();
  await page.getByRole("status").getByText("Hold H1 released.").waitFor();
  lot = await lotOf(LOT);
  assert.equal(lot.status, "available");
  assert.deepEqual(lot.holds, []);
  const movements = page.getByRole("region", { name: "Movements" });
  await movements.getByRole("rowheader", { name: "Hold released" }).waitFor();
  const kinds = (await rest(server, server.admin, "GET", `/api/v1/material-lots/${LOT}/movements`)).body.items.map((m) => m.kind);
  assert.deepEqual(kinds, ["received", "moved", "held", "released"]);
  await screenshot(page, "inventory-lot");
  await page.context().close();
});

test("a viewer sees no write action, and a forged write is refused", async () => {
  const page = await signIn(browser, server, "demo-viewer");
  await page.goto(`${server.url}/inventory`);
  await page.getByRole("heading", { name: "Inventory" }).waitFor();
  await page.getByRole("tabpanel").getByRole("row", { name: /STEEL-BAR-40/ }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Receive a lot" }).count(), 0);
  await page.goto(`${server.url}/inventory/lots/${LOT}`);
  await page.getByRole("region", { name: "Movements" }).getByRole("rowheader", { name: "Received" }).waitFor();
  for (const name of [/^Move/, /^Hold$/, /^Release/]) assert.equal(await page.getByRole("button", { name }).count(), 0, String(name));
  const head = (await rest(server, server.admin, "GET", "/api/v1/health")).body.journal_seq;
  const forged = await page.evaluate(async (lot) => {
    const s = await (await fetch("/api/v1/session")).json();
    const r = await fetch(`/api/v1/material-lots/${lot}/move`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token },
      body: JSON.stringify({ to: "LYON-WH-R01", quantity: 1 }),
    });
    return { status: r.status, code: (await r.json()).error.code };
  }, LOT);
  assert.deepEqual(forged, { status: 403, code: "permission_denied" }); // the role, not a missing CSRF token
  assert.equal((await rest(server, server.admin, "GET", "/api/v1/health")).body.journal_seq, head);
  await checkAccessibility(page, "lot-detail-viewer");
  await page.context().close();
});

test("the lot's page reads in French", async () => {
  const page = await signIn(browser, server, "demo-supervisor", { lang: "fr" });
  await page.goto(`${server.url}/inventory/lots/${LOT}`);
  await page.getByRole("heading", { name: `Lot ${LOT}` }).waitFor();
  await page.getByRole("region", { name: "Mouvements" }).getByRole("rowheader", { name: "Déplacement" }).waitFor();
  await page.getByRole("button", { name: "Bloquer" }).waitFor();
  await checkAccessibility(page, "lot-detail-fr");
  await screenshot(page, "inventory-lot-fr");
  await page.context().close();
});

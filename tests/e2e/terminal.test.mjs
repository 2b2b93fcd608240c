// The operator terminal on the demo plant, driven as an operator would: pick the unit, start with a
// crew (a missing qualification explained), scan lots with a keyboard-wedge scanner (a held lot
// refused with its reason), report, produce, complete; then the journal holds each step with the
// operator as actor. The andon follows machine data live and a stop is classified in two touches.
// A viewer sees no write action and a forged write is refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launch, signIn, rest, checkAccessibility, screenshot, until } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A barcode scanner (a keyboard wedge): the code's keys 5 ms apart, then Enter, with the focus outside
// any field. The keys go through the browser's input pipeline with the scanner's own timestamps, so a
// loaded machine does not space them out like a person typing.
async function scan(page, code) {
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now() / 1000;
  for (const [i, key] of [...code, "Enter"].entries()) {
    const k = key === "Enter" ? { key, code: "Enter", windowsVirtualKeyCode: 13, text: "\r" } : { key, text: key };
    await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", timestamp: t0 + i * 0.005, ...k });
    await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", timestamp: t0 + i * 0.005 + 0.002, key: k.key, code: k.code });
  }
  await cdp.detach();
}

async function journalSince(seq) {
  const events = [];
  for (let after = seq; ;) {
    const r = await rest(server, server.admin, "GET", `/api/v1/journal?after=${after}&limit=1000`);
    assert.equal(r.status, 200);
    events.push(...r.body.events);
    if (!r.body.next_after || r.body.events.length === 0) return events;
    after = r.body.next_after;
  }
}

// Every visible control of the terminal (and the frame around it) is at least 48 px each way.
async function smallTargets(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("button, a[href], input, select, [role=tab]")]
      .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden")
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.right > 0 && r.bottom > 0 && (r.width < 48 || r.height < 48))
      .map(
        ({ e, r }) =>
          `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute("aria-label") || e.id).trim()}" ${Math.round(r.width)}x${Math.round(r.height)}`,
      ),
  );
}

const head = async () => (await rest(server, server.admin, "GET", "/api/v1/journal?limit=1")).body.head;
const flash = (page) => page.locator(".flash");

test("an operator runs an operation from start to completion, scanning its lot, and the journal says so", async () => {
  const before = await head();
  // The lathe reports that it runs (the andon shows it).
  const running = await rest(server, server.admin, "POST", "/api/v1/machine-data", {
    events: [{ work_unit: "LYON-LATHE-03", time: new Date(Date.now() - 60_000).toISOString(), state: "running" }],
  });
  assert.equal(running.status, 200, JSON.stringify(running.body));
  const page = await signIn(browser, server, "demo-operator");
  // The terminal asks for its unit the first time, then remembers it.
  await page.getByRole("navigation").getByRole("link", { name: "Operator terminal" }).click();
  await page.getByRole("heading", { name: "Choose the work unit of this terminal" }).waitFor();
  await page.getByRole("link", { name: /LYON-LATHE-03/ }).click();
  await page.getByRole("heading", { name: "Work for this unit" }).waitFor();
  assert.match(page.url(), /\/terminal\/LYON-LATHE-03$/);

  // The dispatch list: the order, product, quantity, due date and its changeover.
  const row = page.locator(".op-row", { hasText: "WO-2611-004" }).first();
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /OP10/);
  assert.match(text, /VALVE-BODY-25/);
  assert.match(text, /30 pcs/);
  assert.match(text, /due \d\d\/\d\d\/\d{4}/);
  assert.match(text, /changeover 30 min|not in the schedule/);
  await row.getByRole("button").click();
  await page.getByRole("heading", { name: "WO-2611-004 · OP10" }).waitFor();

  // A crew member without the operation's qualification: the server refuses, the terminal says who lacks what.
  await page.getByRole("button", { name: /Thomas Moreau/ }).click();
  await page.getByRole("button", { name: "Start", exact: true }).click();
  const refusal = page.locator(".refusal");
  await refusal.waitFor();
  assert.match(
    await refusal.innerText(),
    /Thomas Moreau \(P-1004\) may not run this operation: no CNC machine operation \(CNC-OPERATION\) qualification on record\./,
  );
  assert.match(await refusal.innerText(), /person 'P-1004' does not hold qualification 'CNC-OPERATION'/);
  await page.getByRole("button", { name: "Remove Thomas Moreau" }).click();

  // A badge scanned anywhere on the screen joins the crew.
  await scan(page, "P-1001");
  await page.locator(".chip", { hasText: "Camille Martin" }).waitFor();
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await until(
    async () =>
      /WO-2611-004 OP10 started/.test(
        await flash(page)
          .innerText()
          .catch(() => ""),
      ),
    10_000,
    "started",
  );
  await page.locator(".op-row.running", { hasText: "WO-2611-004" }).waitFor();

  // Pause with a reason, resume with the same crew.
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("button", { name: "Break", exact: true }).click();
  await page.locator(".op-row.paused", { hasText: "WO-2611-004" }).waitFor();
  await page.getByRole("button", { name: "Resume with the same crew" }).click();
  await page.locator(".op-row.running", { hasText: "WO-2611-004" }).waitFor();

  // A held lot is refused with the server's reason, shown large; nothing is consumed.
  await scan(page, "L-ALU80-2611-002");
  const refused = page.locator(".outcome.refused");
  await refused.waitFor();
  assert.match(await refused.innerText(), /Lot L-ALU80-2611-002 refused/);
  assert.match(await refused.innerText(), /quarantine/);
  assert.equal(await page.getByRole("tab", { name: "Consume" }).getAttribute("aria-selected"), "true");

  // A lot of another material: refused with the server's reason, and a deviation offered.
  await scan(page, "L-ALU80-2611-001");
  await until(
    async () => /ALU-BILLET-80' is not on the bill of materials/.test(await refused.innerText().catch(() => "")),
    10_000,
    "off-BOM",
  );
  await page.getByRole("button", { name: "Consume anyway" }).waitFor();

  // The right lot, scanned: what the operation still needs of it is consumed.
  await scan(page, "L-STEEL40-2611-001");
  await until(
    async () =>
      /Consumed 56\.7 kg of lot L-STEEL40-2611-001/.test(
        await page
          .locator(".outcome.ok")
          .innerText()
          .catch(() => ""),
      ),
    10_000,
    "the consumption",
  );
  await page.locator(".andon.andon-run").waitFor();
  await checkAccessibility(page, "terminal (running)");
  assert.deepEqual(await smallTargets(page), []);
  await screenshot(page, "terminal-landscape");

  // Good on the number pad, scrap with a reason.
  await page.getByRole("tab", { name: "Report" }).click();
  await page.getByLabel("Good (pcs)").click();
  const pad = page.getByRole("group", { name: /Number pad/ });
  await pad.getByRole("button", { name: "2", exact: true }).click();
  await pad.getByRole("button", { name: "8", exact: true }).click();
  assert.equal(await page.getByLabel("Good (pcs)").inputValue(), "28");
  await page.getByLabel("Scrap (pcs)").fill("2");
  await page.getByRole("button", { name: "Report", exact: true }).click();
  await page.getByText("Choose a reason for the scrap.").waitFor();
  await page.getByRole("button", { name: "surface defect" }).click();
  await page.getByRole("button", { name: "Report", exact: true }).click();
  await until(
    async () =>
      /Reported 28 good and 2 scrap/.test(
        await flash(page)
          .innerText()
          .catch(() => ""),
      ),
    10_000,
    "the report",
  );

  // An output lot: its id suggested from the order's pattern, the good quantity, a storage place.
  await page.getByRole("tab", { name: "Produce" }).click();
  assert.equal(await page.getByLabel("New lot id").inputValue(), "WO-2611-004-0001");
  assert.equal(await page.getByLabel("Quantity (pcs)", { exact: true }).inputValue(), "28");
  await page.getByRole("button", { name: /LYON-WH-R01/ }).click();
  await page.getByRole("button", { name: "Produce lot" }).click();
  await until(
    async () =>
      /Lot WO-2611-004-0001 of 28 pcs produced at LYON-WH-R01/.test(
        await flash(page)
          .innerText()
          .catch(() => ""),
      ),
    10_000,
    "the output",
  );

  await page.getByRole("tab", { name: "Complete" }).click();
  await page.getByText("Complete OP10 with 28 good and 2 scrap.").waitFor();
  await page.getByRole("button", { name: "Complete operation" }).click();
  await until(
    async () =>
      /OP10 completed/.test(
        await flash(page)
          .innerText()
          .catch(() => ""),
      ),
    10_000,
    "the completion",
  );
  await until(async () => (await page.locator(".op-row.running").count()) === 0, 10_000, "the unit free again");

  // The journal: each step, the operator as its actor; no consumption of the held lot.
  const events = (await journalSince(before)).filter((e) => e.payload?.order === "WO-2611-004");
  const of = (type) => events.filter((e) => e.type === type);
  assert.deepEqual(
    events.filter((e) => e.type.startsWith("operation.")).map((e) => e.type),
    ["operation.started", "operation.paused", "operation.resumed", "operation.reported", "operation.completed"],
  );
  assert.equal(of("operation.paused")[0].payload.reason, "Break");
  assert.equal(of("operation.started").length, 1);
  assert.deepEqual(of("operation.started")[0].payload.crew, ["P-1001"]);
  assert.equal(of("operation.started")[0].payload.work_unit, "LYON-LATHE-03");
  assert.deepEqual(
    of("material.consumed").map((e) => [e.payload.lot, e.payload.quantity]),
    [["L-STEEL40-2611-001", 56.7]],
  );
  assert.deepEqual(
    of("operation.reported").map((e) => [e.payload.good, e.payload.scrap, e.payload.scrap_reason]),
    [[28, 2, "surface defect"]],
  );
  assert.deepEqual(of("material.produced")[0].payload.lots, [{ id: "WO-2611-004-0001", quantity: 28, location: "LYON-WH-R01" }]);
  assert.equal(of("operation.completed").length, 1);
  for (const e of events) assert.match(e.actor, /demo-operator/, `${e.type} by ${e.actor}`);
  // The browser logs the session check before signing in (401) and the refusals (422 crew, 409 and 422
  // lots); nothing else went wrong.
  assert.deepEqual(
    page.problems.filter((p) => !/status of (401|409|422)/.test(p)),
    [],
  );

  // The device remembers its unit.
  await page.goto(server.url + "/terminal");
  await page.waitForURL(/\/terminal\/LYON-LATHE-03$/);
  await page.context().close();
});

test("the andon follows the machine live, and a stop gets its reason in two touches (portrait, French)", async () => {
  const page = await signIn(browser, server, "demo-operator", { viewport: { width: 800, height: 1280 }, lang: "fr" });
  await page.getByLabel("Langue").first().selectOption("fr");
  await page.goto(server.url + "/terminal/LYON-LATHE-02");
  await page.getByRole("heading", { name: "Travail pour ce poste" }).waitFor();
  await page.locator(".andon.andon-nodata").waitFor();
  const t = new Date(Date.now() - 1000).toISOString();
  const posted = await rest(server, server.admin, "POST", "/api/v1/machine-data", {
    events: [{ work_unit: "LYON-LATHE-02", time: t, state: "unplanned_stop" }],
  });
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  await page.locator(".andon.andon-down").waitFor({ timeout: 5000 });
  assert.match(await page.locator(".andon-element").innerText(), /EN PANNE/i);

  await page.getByRole("button", { name: "Pourquoi est-elle arrêtée ?" }).click(); // touch 1
  await page.getByRole("button", { name: "Material jam" }).click(); // touch 2
  await until(
    async () =>
      /Cause d'arrêt enregistrée : Material jam/.test(
        await flash(page)
          .innerText()
          .catch(() => ""),
      ),
    10_000,
    "classified",
  );
  const stops = await rest(server, server.admin, "GET", "/api/v1/equipment/LYON-LATHE-02/stops?limit=1");
  assert.equal(stops.body.stops[0].reason, "JAM");
  assert.equal(stops.body.stops[0].classified_by, "operator");
  await page.getByText("Cause : Material jam (JAM)").waitFor();

  // Back to running: green, live.
  await rest(server, server.admin, "POST", "/api/v1/machine-data", {
    events: [{ work_unit: "LYON-LATHE-02", time: new Date().toISOString(), state: "running" }],
  });
  await page.locator(".andon.andon-run").waitFor({ timeout: 5000 });
  await page
    .getByRole("button", { name: /WO-2611-004/ })
    .first()
    .click();
  await page.getByRole("heading", { name: "Démarrer avec une équipe" }).waitFor();
  await checkAccessibility(page, "terminal (portrait, French)");
  assert.deepEqual(await smallTargets(page), []);
  await page.getByRole("button", { name: "Fermer" }).click(); // the message over the screen
  await screenshot(page, "terminal-portrait");

  // Completing with nothing reported takes the explicit statement and a reason.
  const before = await head();
  await scan(page, "P-1001");
  await page.locator(".chip", { hasText: "Camille Martin" }).waitFor();
  await page.getByRole("button", { name: "Démarrer", exact: true }).click();
  await page.locator(".op-row.running", { hasText: "WO-2611-004" }).waitFor();
  await page.getByRole("tab", { name: "Terminer" }).click();
  await page.getByText("Rien n'a été déclaré sur cette opération.").waitFor();
  await page.getByRole("button", { name: "Terminer l'opération" }).click();
  await page.getByText("Cochez la déclaration et donnez un motif.").waitFor();
  await page.getByLabel("Je déclare que rien n'a été produit sur cette opération").check();
  await page.getByRole("button", { name: "Panne machine" }).click();
  await page.getByRole("button", { name: "Terminer l'opération" }).click();
  await until(
    async () =>
      /OP15 terminée/.test(
        await flash(page)
          .innerText()
          .catch(() => ""),
      ),
    10_000,
    "completed",
  );
  const done = (await journalSince(before)).filter((e) => e.type === "operation.completed");
  assert.deepEqual(
    done.map((e) => [e.payload.order, e.payload.operation, e.payload.nothing_produced]),
    [["WO-2611-004", "OP15", "Machine breakdown"]],
  );
  // Nothing went wrong in the page but the session check before signing in (401).
  assert.deepEqual(
    page.problems.filter((p) => !/status of 401/.test(p)),
    [],
  );
  await page.context().close();
});

test("a viewer sees the terminal without any write action, and a forged write is refused", async () => {
  const page = await signIn(browser, server, "demo-viewer");
  await page.goto(server.url + "/terminal/LYON-LATHE-01");
  await page.getByRole("heading", { name: "Work for this unit" }).waitFor();
  await page.getByText("Read only: your role may look but not record production.").first().waitFor();
  await page.getByRole("heading", { name: "WO-2611-001 · OP10" }).waitFor();
  for (const name of ["Start", "Pause", "Report", "Consume", "Produce", "Complete", "Complete operation", "Why is it stopped?"])
    assert.equal(await page.getByRole("button", { name, exact: true }).count(), 0, `no ${name} for a viewer`);
  assert.equal(await page.getByRole("tab").count(), 0);
  await checkAccessibility(page, "terminal (viewer)");

  // With the session's own CSRF token, the server still refuses: the role may not execute production.
  const forged = await page.evaluate(async () => {
    const s = await (await fetch("/api/v1/session")).json();
    const r = await fetch("/api/v1/work-orders/WO-2611-001/operations/OP10/pause", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token },
      body: "{}",
    });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(forged.status, 403);
  assert.equal(forged.body.error.code, "permission_denied");
  const order = await rest(server, server.admin, "GET", "/api/v1/work-orders/WO-2611-001");
  assert.equal(order.body.operations[0].status, "running");
  await page.context().close();
});

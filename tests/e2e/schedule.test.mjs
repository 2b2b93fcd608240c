// The schedule Gantt: a supervisor plans, drags an operation to another unit that can run it (a real
// mouse drag) and the repair keeps it there; records a breakdown and sees the repaired plan. A viewer
// sees no plan or drag action, and a forged write is refused (403).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launch, signIn, checkAccessibility, screenshot, rest, until } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const active = async (user = "demo-supervisor") => (await rest(server, server.tokens[user], "GET", "/api/v1/schedules/active")).body;
const find = (schedule, order, operation) => schedule.operations.find((o) => o.order === order && o.operation === operation);
const at = (iso) => new Date(iso).getTime();
const minutes = 60_000;

async function openSchedule(user) {
  // Tall enough that every row of the demo's Lyon site shows without scrolling.
  const page = await signIn(browser, server, user, { viewport: { width: 1280, height: 1000 } });
  await page.getByRole("navigation").getByRole("link", { name: "Schedule" }).click();
  await page.getByRole("heading", { name: "Schedule", level: 1 }).waitFor();
  await page.locator(".vis-item.op").first().waitFor();
  return page;
}

// An operation that has not started and is in the chart's first window, a unit of its site that can
// run it, and a start 10 minutes after its own that keeps it clear of that unit's downtime (breaks, off shift) and of
// what runs there: a drop the server takes whatever the snapping does to the minute.
async function aMove(schedule) {
  const from = new Date(Date.now() - 60 * minutes).toISOString();
  const to = new Date(at(schedule.makespan) + 24 * 60 * minutes).toISOString();
  const down = (await rest(server, server.tokens["demo-supervisor"], "GET", `/api/v1/downtime?from=${from}&to=${to}`)).body.items;
  for (const op of schedule.operations) {
    if (at(op.end) > Date.now() + 11 * 60 * minutes) continue; // in the chart's first window
    for (const unit of op.eligible_units) {
      if (unit === op.work_unit) continue;
      const start = at(op.start) + 10 * minutes, end = start + at(op.end) - at(op.start);
      const clear = (s, e) => e + 10 * minutes <= start || s >= end + 10 * minutes;
      if (!down.filter((w) => w.work_unit === unit).every((w) => clear(at(w.start), at(w.end)))) continue;
      if (!schedule.operations.filter((o) => o.work_unit === unit && !o.eligible_units.length).every((o) => clear(at(o.start), at(o.end))))
        continue;
      return { op, unit, start };
    }
  }
  throw new Error("no operation can move to another unit in the demo schedule");
}

test("a supervisor plans, drags an operation to another unit, and the repair keeps it there", async () => {
  const page = await openSchedule("demo-supervisor");
  const first = await active();

  // Plan from the screen, with a time limit: the outcome is shown, and it is the active schedule.
  await page.getByLabel("Time limit (s)").fill("1");
  await page.getByRole("button", { name: "Plan", exact: true }).click();
  const planned = await until(async () => {
    const s = await active();
    return s.id !== first.id && s.kind === "plan" ? s : null;
  }, 20_000, "a new plan");
  await page.getByRole("status").filter({ hasText: `${planned.id} (plan)` }).waitFor();
  assert.match(await page.getByRole("status").first().innerText(), /\d+ moved, \d+ kept; ends .*weighted tardiness/);
  // Every planned operation of the shown site is drawn on its unit's row.
  const { op, unit, start } = await aMove(planned);
  const item = page.locator(`.vis-item.op[data-id="${op.order}/${op.operation}"]`);
  await item.waitFor();
  await checkAccessibility(page, "schedule");

  // A real drag: from the middle of the operation to the other unit's row, 10 minutes later.
  const box = await item.boundingBox();
  const pxPerMs = box.width / (at(op.end) - at(op.start));
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  // The drag begins once the pointer has moved a few pixels, and counts from there: start it
  // straight down within the row, so that the time moved is the horizontal distance.
  await page.mouse.move(x, y + 5);
  await page.mouse.move(x, y + 10);
  const row = await page.locator(".vis-label", { hasText: unit }).boundingBox();
  const tx = x + (start - at(op.start)) * pxPerMs, ty = row.y + row.height / 2;
  for (let i = 1; i <= 12; i++) await page.mouse.move(x + ((tx - x) * i) / 12, y + 10 + ((ty - y - 10) * i) / 12);
  await page.getByText(new RegExp(`${op.order} · ${op.operation} on ${unit} at`)).waitFor();
  const sent = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/api/v1/schedules/active/fix"));
  await page.mouse.up();
  // What the drop asked for: the unit under the pointer and about the time under it (the drag's
  // start threshold and the timeline's snapping move it by minutes, more on a loaded machine).
  const asked = JSON.parse((await sent).postData());
  assert.equal(asked.work_unit, unit);
  assert.ok(Math.abs(at(asked.start) - start) <= 30 * minutes, `${asked.start} is about the drop's time`);

  // The move is fixed, and the schedule repaired around it: the operation stays where it was put.
  const note = page.getByRole("status").filter({ hasText: "fixed on" });
  await note.waitFor({ timeout: 20_000 });
  assert.match(await note.innerText(), new RegExp(`${op.order} · ${op.operation} fixed on ${unit}.*\\(repair\\)`));
  const repaired = await active();
  const moved = find(repaired, op.order, op.operation);
  assert.equal(repaired.kind, "repair");
  assert.equal(moved.work_unit, unit);
  assert.equal(moved.fixed, true);
  assert.equal(at(moved.start), at(asked.start), "the repair keeps the operation where it was dropped");
  for (const o of repaired.operations)
    if (o.work_unit === unit && o !== moved) assert.ok(at(o.end) <= at(moved.start) || at(o.start) >= at(moved.end), `${o.order} ${o.operation} clear of it`);
  // The chart draws it there, double-edged as fixed.
  await until(async () => (await item.getAttribute("class"))?.includes("fixed"), 10_000, "the item drawn as fixed");
  const drawn = await item.boundingBox();
  const target = await page.locator(".vis-label", { hasText: unit }).boundingBox();
  assert.ok(drawn.y >= target.y && drawn.y < target.y + target.height, "drawn on the new unit's row");
  await page.mouse.move(1, 1); // no tooltip over the screenshot
  await screenshot(page, "schedule");

  // A later repair from the screen keeps it.
  await page.getByRole("button", { name: "Repair", exact: true }).click();
  await until(async () => (await active()).id !== repaired.id, 20_000, "the repair");
  const again = find(await active(), op.order, op.operation);
  assert.equal(again.work_unit, unit);
  assert.equal(again.start, moved.start);

  // A breakdown of another unit, recorded from the screen: the plan is repaired around it.
  const broken = repaired.operations.find((o) => o.work_unit !== unit && o.eligible_units.length > 1)?.work_unit ?? op.work_unit;
  const before = (await active()).id;
  await page.getByRole("button", { name: "Record a breakdown" }).click();
  const form = page.getByRole("form", { name: "Record a breakdown or maintenance" });
  await form.getByLabel("Work unit").selectOption(broken);
  await form.getByLabel("Reason").fill("spindle bearing seized");
  await form.getByRole("button", { name: "Record and repair" }).click();
  await page.getByRole("status").filter({ hasText: `Downtime recorded on ${broken}` }).waitFor({ timeout: 20_000 });
  const after = await active();
  assert.notEqual(after.id, before);
  assert.equal(after.kind, "repair");
  const down = (await rest(server, server.tokens["demo-supervisor"], "GET", `/api/v1/downtime?work_unit=${broken}&from=${new Date(Date.now() - 10 * minutes).toISOString()}`)).body.items.find(
    (w) => w.kind === "breakdown",
  );
  assert.equal(down.reason, "spindle bearing seized");
  for (const o of after.operations.filter((o) => o.work_unit === broken && o.eligible_units.length))
    assert.ok(at(o.end) <= at(down.start) || at(o.start) >= at(down.end), `${o.order} ${o.operation} is not planned in the breakdown`);
  // The chart shades it.
  await page.locator(".vis-item.down.breakdown").first().waitFor({ state: "attached" });
  await checkAccessibility(page, "schedule after a breakdown");
  assert.deepEqual(page.problems.filter((p) => !/401/.test(p)), []); // the sign-in page's own 401 aside
  await page.context().close();
});

test("a viewer sees the schedule without plan, repair, breakdown or drag, and a forged write is refused", async () => {
  const page = await openSchedule("demo-viewer");
  await page.getByText("Active schedule").waitFor();
  for (const name of ["Plan", "Repair", "Record a breakdown", "Move and fix"])
    assert.equal(await page.getByRole("button", { name, exact: true }).count(), 0, `no ${name} button`);
  assert.equal(await page.getByText(/Drag an operation/).count(), 0);
  assert.equal(await page.locator(".vis-item.op.vis-editable").count(), 0, "no operation can be dragged");
  // Selecting an operation shows it, with no move form.
  await page.locator(".vis-item.op").first().click();
  await page.getByRole("heading", { name: "Selected operation" }).waitFor();
  assert.equal(await page.getByRole("heading", { name: "Move to another unit or time" }).count(), 0);
  await checkAccessibility(page, "schedule (viewer)");
  await screenshot(page, "schedule-viewer");

  // A forged move from the viewer's own signed-in page (cookie and CSRF token) and with its token.
  const s = await active("demo-viewer");
  const op = s.operations.find((o) => o.eligible_units.length);
  const body = { order: op.order, operation: op.operation, work_unit: op.eligible_units[0], start: op.start };
  const forged = await page.evaluate(async (body) => {
    const session = await (await fetch("/api/v1/session")).json();
    const r = await fetch("/api/v1/schedules/active/fix", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token },
      body: JSON.stringify(body),
    });
    return r.status;
  }, body);
  assert.equal(forged, 403);
  assert.equal((await rest(server, server.tokens["demo-viewer"], "POST", "/api/v1/schedules/active/fix", body)).status, 403);
  assert.equal((await rest(server, server.tokens["demo-viewer"], "POST", "/api/v1/schedules", {})).status, 403);
  assert.equal((await active()).id, s.id, "nothing changed");
  await page.context().close();
});

test("the schedule speaks French", async () => {
  const page = await signIn(browser, server, "demo-supervisor", { lang: "fr" });
  await page.getByLabel("Langue").first().selectOption("fr");
  await page.getByRole("navigation").getByRole("link", { name: "Ordonnancement" }).click();
  await page.getByRole("heading", { name: "Ordonnancement", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Planifier" }).waitFor();
  await page.getByRole("button", { name: "Déclarer une panne" }).waitFor();
  await page.getByText("Ordonnancement actif").waitFor();
  await page.locator(".vis-item.op").first().waitFor();
  await checkAccessibility(page, "schedule (fr)");
  await page.context().close();
});

// The work orders screens: a supervisor creates an order through the form, then releases, holds,
// resumes and reschedules it, each checked through the API; the server's refusals show where the
// user acts; the filters narrow the list as the API does; a viewer is offered no write and a write
// forged from the page is refused (403). axe on the list, the detail, the form and a dialog.
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

const supervisor = () => server.tokens["demo-supervisor"];

// What went wrong in the page, less the browser's note of each refused request (expected here).
const unexpected = (page) => page.problems.filter((p) => !/status of 4\d\d/.test(p));

async function getOrder(id) {
  const r = await rest(server, supervisor(), "GET", `/api/v1/work-orders/${encodeURIComponent(id)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function createOrder(body) {
  const r = await rest(server, supervisor(), "POST", "/api/v1/work-orders", { site: "LYON", quantity: 5, ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

// A date-time `days` from now, as a datetime-local value and as the instant the browser makes of it.
async function localDateTime(page, days, hh = "14", mm = "30") {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n) => String(n).padStart(2, "0");
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${hh}:${mm}`;
  const iso = await page.evaluate((v) => new Date(v).toISOString(), local);
  return { local, iso };
}

function day(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function listedIds(page) {
  return page.locator("table.wo-table tbody a.wo-id").allInnerTexts();
}

async function apiIds(query) {
  const r = await rest(server, supervisor(), "GET", `/api/v1/work-orders?${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((o) => o.id);
}

test("a supervisor creates an order through the form: the form's checks, then the server's, at the field", async () => {
  const page = await signIn(browser, server, "demo-supervisor");
  await page.getByRole("navigation").getByRole("link", { name: "Work orders" }).click();
  await page.getByRole("heading", { name: "Work orders", level: 1 }).waitFor();
  await page.getByRole("link", { name: "New work order" }).click();
  await page.getByRole("heading", { name: "New work order" }).waitFor();
  await page.getByLabel("Product definition").locator("option", { hasText: "PD-SHAFT-20" }).waitFor({ state: "attached" });

  // Nothing filled: each required field says so, and nothing is sent.
  const before = (await apiIds("limit=1000")).length;
  await page.getByRole("button", { name: "Create the order" }).click();
  await page.getByText("Correct the fields marked below.").waitFor();
  const id = page.getByLabel("Order id");
  assert.equal(await id.getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "new-id", "the focus goes to the first field at fault");
  assert.equal(await page.getByLabel("Quantity").getAttribute("aria-invalid"), "true");
  assert.equal((await apiIds("limit=1000")).length, before);

  // An id that exists: the server's refusal shows at the id, read out with it.
  const due = await localDateTime(page, 14);
  const start = await localDateTime(page, 3, "06", "00");
  await id.fill("WO-2611-001");
  await page.getByLabel("Product definition").selectOption("PD-SHAFT-20");
  await page.getByLabel("Quantity (pcs)").fill("25");
  await page.getByLabel("Due", { exact: true }).fill(due.local);
  await page.getByLabel("Earliest start (optional)").fill(start.local);
  await page.getByLabel("Priority").fill("150");
  await page.getByLabel("Site").selectOption("LYON");
  await page.getByLabel("Over-delivery tolerance, % (optional)").fill("5");
  await page.getByLabel("Description (optional)").fill("Shafts for the e2e batch");
  await page.getByRole("button", { name: "Create the order" }).click();
  await until(async () => (await id.getAttribute("aria-invalid")) === "true", 10_000, "the server's error at the id");
  const described = await id.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((i) => document.getElementById(i)?.textContent ?? "")
      .join(" "),
  );
  assert.match(described, /already exists/);
  await checkAccessibility(page, "new order form, with an error");
  await screenshot(page, "orders-form-error");

  await id.fill("WO-E2E-001");
  await page.getByRole("button", { name: "Create the order" }).click();
  await page.getByRole("heading", { name: "Work order WO-E2E-001" }).waitFor();
  const o = await getOrder("WO-E2E-001");
  assert.equal(o.status, "created");
  assert.equal(o.product_definition, "PD-SHAFT-20");
  assert.equal(o.quantity, 25);
  assert.equal(o.priority, 150);
  assert.equal(o.site, "LYON");
  assert.equal(o.tolerance, 0.05);
  assert.equal(o.description, "Shafts for the e2e batch");
  assert.equal(Date.parse(o.due), Date.parse(due.iso));
  assert.equal(Date.parse(o.earliest_start), Date.parse(start.iso));
  assert.equal(o.created_by, "user:demo-supervisor");
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test("the supervisor releases, holds, resumes and reschedules the order from its page", async () => {
  const page = await signIn(browser, server, "demo-supervisor");
  await page.goto(`${server.url}/orders/WO-E2E-001`);
  await page.getByRole("heading", { name: "Work order WO-E2E-001" }).waitFor();
  const dialog = page.getByRole("dialog");
  const status = page.locator(".banner.ok");

  await page.getByRole("button", { name: "Release" }).click();
  await dialog.getByRole("button", { name: "Release" }).click();
  await status.filter({ hasText: /Order WO-E2E-001 released/ }).waitFor();
  assert.equal((await getOrder("WO-E2E-001")).status, "released");
  assert.equal(await dialog.count(), 0, "the dialog closed");

  // Hold: a reason is required here before the server is asked.
  await page.getByRole("button", { name: "Hold" }).click();
  await dialog.getByRole("button", { name: "Hold" }).click();
  await dialog.getByText("Required.").waitFor();
  assert.equal((await getOrder("WO-E2E-001")).status, "released");
  await checkAccessibility(page, "hold dialog");
  await dialog.getByLabel("Reason").fill("Drawing revision B awaited");
  await dialog.getByRole("button", { name: "Hold" }).click();
  await status.filter({ hasText: "Order WO-E2E-001 is on hold." }).waitFor();
  let o = await getOrder("WO-E2E-001");
  assert.equal(o.status, "on_hold");
  assert.equal(o.status_reason, "Drawing revision B awaited");
  await page.getByText("Drawing revision B awaited").waitFor();

  await page.getByRole("button", { name: "Resume" }).click();
  await dialog.getByLabel("Reason (optional)").fill("Revision B received");
  await dialog.getByRole("button", { name: "Resume" }).click();
  await status.filter({ hasText: "Order WO-E2E-001 resumed." }).waitFor();
  o = await getOrder("WO-E2E-001");
  assert.equal(o.status, "released");
  assert.equal(o.status_reason, "Revision B received");

  // Reschedule: a new due date and priority, the earliest start cleared.
  const due = await localDateTime(page, 21, "10", "00");
  await page.getByRole("button", { name: "Reschedule" }).click();
  await dialog.getByLabel("Due").fill(due.local);
  await dialog.getByLabel("Priority").fill("40");
  await dialog.getByLabel("Earliest start (optional)").fill("");
  await dialog.getByLabel("Reason", { exact: true }).fill("Customer moved the delivery");
  await screenshot(page, "orders-reschedule-dialog");
  await dialog.getByRole("button", { name: "Reschedule" }).click();
  await status.filter({ hasText: "Order WO-E2E-001 rescheduled." }).waitFor();
  o = await getOrder("WO-E2E-001");
  assert.equal(Date.parse(o.due), Date.parse(due.iso));
  assert.equal(o.priority, 40);
  assert.equal(o.earliest_start, null);
  assert.equal(o.status, "released");

  await checkAccessibility(page, "order detail");
  await screenshot(page, "orders-detail-released");
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test("the server's refusal of an action shows in its dialog, and changes nothing", async () => {
  const page = await signIn(browser, server, "demo-supervisor");
  // The demo's first order has an operation running: it cannot be held before that is paused.
  await page.goto(`${server.url}/orders/WO-2611-001`);
  await page.getByRole("heading", { name: "Work order WO-2611-001" }).waitFor();
  assert.equal(
    await page.getByRole("link", { name: "Open the terminal of LYON-LATHE-01" }).first().getAttribute("href"),
    "/terminal/LYON-LATHE-01",
  );
  const dialog = page.getByRole("dialog");
  await page.getByRole("button", { name: "Hold" }).click();
  await dialog.getByLabel("Reason").fill("Tool breakage");
  await dialog.getByRole("button", { name: "Hold" }).click();
  await dialog.getByRole("alert").filter({ hasText: /running: pause it first/ }).waitFor();
  assert.equal((await getOrder("WO-2611-001")).status, "in_progress");
  await screenshot(page, "orders-hold-refused");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await dialog.count(), 0);
  // The consumed lot links to its genealogy.
  assert.equal(
    await page.getByRole("link", { name: "L-STEEL20-2611-001" }).first().getAttribute("href"),
    "/genealogy/L-STEEL20-2611-001",
  );
  await page.getByRole("heading", { name: "Planned versus actual" }).waitFor();
  await screenshot(page, "orders-detail-in-progress");
  await page.context().close();
});

test("the filters narrow the list as the API does, the address keeps them, late orders stand out", async () => {
  await createOrder({ id: "WO-FILTER-A", product_definition: "PD-HOUSING-MACH", due: new Date(Date.now() + 30 * 86_400_000).toISOString(), description: "Housings, filter test" });
  await createOrder({ id: "WO-FILTER-B", product_definition: "PD-SHAFT-20", due: new Date(Date.now() + 40 * 86_400_000).toISOString() });
  await createOrder({ id: "WO-LATE-1", product_definition: "PD-SHAFT-20", due: new Date(Date.now() - 86_400_000).toISOString(), priority: 20 });
  assert.equal((await rest(server, supervisor(), "POST", "/api/v1/work-orders/WO-FILTER-B/hold", { reason: "test" })).status, 200);

  const page = await signIn(browser, server, "demo-supervisor");
  await page.goto(`${server.url}/orders`);
  await page.getByRole("heading", { name: "Work orders", level: 1 }).waitFor();
  const all = await apiIds("limit=1000");
  await until(async () => (await listedIds(page)).length === all.length, 10_000, "every order listed");
  // Most urgent due date first by default: the late order leads, marked late.
  assert.equal((await listedIds(page))[0], "WO-LATE-1");
  const lateRow = page.locator("tbody tr", { has: page.getByRole("link", { name: "WO-LATE-1" }) });
  await lateRow.getByText("Late", { exact: true }).waitFor();
  await page.getByText(/1 late/).waitFor();
  await checkAccessibility(page, "orders list");
  await screenshot(page, "orders-list");

  const same = async (query, what) => {
    const expected = await apiIds(query);
    await until(async () => {
      const shown = await listedIds(page);
      return shown.length === expected.length && [...shown].sort().join() === [...expected].sort().join();
    }, 10_000, what);
    return expected;
  };

  await page.getByLabel("Status").selectOption("on_hold");
  const held = await same("status=on_hold", "on-hold orders only");
  assert.deepEqual(held, ["WO-FILTER-B"]);
  assert.match(page.url(), /[?&]status=on_hold/);
  await page.reload();
  await same("status=on_hold", "the filter kept by the address");
  assert.equal(await page.getByLabel("Status").inputValue(), "on_hold");

  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await same("limit=1000", "every order again");

  await page.getByLabel("Product definition").selectOption("PD-SHAFT-20");
  const shafts = await same("product_definition=PD-SHAFT-20", "shaft orders only");
  assert.ok(shafts.includes("WO-LATE-1") && shafts.includes("WO-2611-001") && !shafts.includes("WO-FILTER-A"));

  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await page.getByLabel("Search").fill("filter");
  assert.deepEqual(await same("q=filter", "orders whose id or description holds 'filter'"), ["WO-FILTER-A", "WO-FILTER-B"]);
  await page.getByLabel("Search").fill("");

  await page.getByLabel("Due from").fill(day(25));
  await page.getByLabel("Due to").fill(day(35));
  const inRange = await same("due_from=" + encodeURIComponent(new Date(Date.now() + 24 * 86_400_000).toISOString()) +
    "&due_to=" + encodeURIComponent(new Date(Date.now() + 36 * 86_400_000).toISOString()), "orders due in the range");
  assert.deepEqual(inRange, ["WO-FILTER-A"]);
  // A range that ends before it starts is said at its end, and nothing is asked.
  await page.getByLabel("Due to").fill(day(20));
  await page.getByText("Must not be before the start of the range.").waitFor();
  assert.equal(await page.getByLabel("Due to").getAttribute("aria-invalid"), "true");
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await same("limit=1000", "every order again");

  // Sorting by priority, then the other way.
  await page.getByRole("button", { name: "Priority" }).click();
  const byPriority = async () => {
    const rows = await page.locator("table.wo-table tbody tr").evaluateAll((trs) =>
      trs.map((tr) => Number(tr.querySelectorAll("td")[5].textContent)),
    );
    return rows;
  };
  await until(async () => (await page.locator("th[aria-sort='ascending']").innerText()).includes("Priority"), 5_000, "sorted by priority");
  const asc = await byPriority();
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  await page.getByRole("button", { name: "Priority" }).click();
  await until(async () => (await page.locator("th[aria-sort='descending']").count()) === 1, 5_000, "descending");
  const desc = await byPriority();
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test("a viewer is offered no write, and a write forged from the page is refused", async () => {
  const page = await signIn(browser, server, "demo-viewer");
  await page.goto(`${server.url}/orders`);
  await page.getByRole("heading", { name: "Work orders", level: 1 }).waitFor();
  await page.getByRole("link", { name: "WO-2611-002" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "New work order" }).count(), 0);
  await page.getByRole("link", { name: "WO-2611-002" }).click();
  await page.getByRole("heading", { name: "Work order WO-2611-002" }).waitFor();
  await page.getByRole("heading", { name: "Operations" }).waitFor();
  const writes = page.getByRole("button", { name: /^(Release|Hold|Resume|Reschedule|Cancel order|Close)$/ });
  assert.equal(await writes.count(), 0);
  await checkAccessibility(page, "order detail, viewer");
  await screenshot(page, "orders-detail-viewer");

  const forged = await page.evaluate(async () => {
    const s = await (await fetch("/api/v1/session", { credentials: "same-origin" })).json();
    const r = await fetch("/api/v1/work-orders/WO-2611-002/hold", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token },
      body: JSON.stringify({ reason: "forged" }),
    });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(forged.status, 403, JSON.stringify(forged.body));
  assert.equal(forged.body.error.code, "permission_denied", "refused for the role, not for the CSRF token");
  assert.equal((await getOrder("WO-2611-002")).status, "released");

  // The form's address shows no form to a viewer.
  await page.goto(`${server.url}/orders/new`);
  await page.getByRole("heading", { name: "New work order" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Create the order" }).count(), 0);
  await page.context().close();
});

test("the list and the detail speak French", async () => {
  const page = await signIn(browser, server, "demo-supervisor", { lang: "fr" });
  await page.goto(`${server.url}/orders`);
  await page.getByRole("heading", { name: "Ordres de fabrication", level: 1 }).waitFor();
  await page.getByRole("link", { name: "WO-2611-002" }).waitFor();
  await page.locator("tbody .wo-status", { hasText: "Lancé" }).first().waitFor();
  await checkAccessibility(page, "orders list, French");
  await screenshot(page, "orders-list-fr");
  await page.goto(`${server.url}/orders/WO-2611-001`);
  await page.getByRole("heading", { name: "Prévu et réalisé" }).waitFor();
  await page.getByRole("button", { name: "Replanifier" }).waitFor();
  await page.context().close();
});

// The work orders screens in headless Chromium on the demo plant with ORDERS more orders (a third of
// them released): the time from navigation to the list, the detail and the new order form shown with
// their data, and from a filter's change or a "Load more" to the rows it asks for. LOADS of each;
// median and worst, in ms.
//   TAKT=build/src/app/takt node build/tests/e2e/bench_orders.mjs [ORDERS] [LOADS]
import { startDemo, launch, signIn, rest } from "./harness.mjs";

const orders = Number(process.argv[2] ?? 500);
const loads = Number(process.argv[3] ?? 10);
const products = ["PD-SHAFT-20", "PD-HOUSING-MACH", "PD-VALVE-BODY-25", "PD-PUMP-100"];

const server = await startDemo();
const browser = await launch();
const token = server.tokens["demo-supervisor"];
const settled = (page) =>
  page.waitForFunction(() => document.querySelectorAll(".loading, [aria-busy='true']").length === 0, null, {
    timeout: 30_000,
  });

async function timed(label, n, run) {
  if (n < 1) return;
  const times = [];
  for (let i = 0; i < n; i++) times.push(await run());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(52)}${String(median).padStart(8)}${String(times.at(-1)).padStart(10)}`);
}

try {
  const t0 = Date.now();
  for (let k = 0; k < orders; k += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, orders - k) }, async (_, j) => {
        const i = k + j;
        const id = `WO-B-${String(i).padStart(5, "0")}`;
        const due = new Date(Date.now() + ((i % 60) + 1) * 86_400_000).toISOString();
        const body = { id, product_definition: products[i % 4], quantity: 10 + (i % 40), due, site: "LYON", priority: 1 + (i % 1000) };
        const r = await rest(server, token, "POST", "/api/v1/work-orders", body);
        if (r.status !== 201) throw new Error(`create ${id}: ${r.status} ${JSON.stringify(r.body)}`);
        if (i % 3 === 0) await rest(server, token, "POST", `/api/v1/work-orders/${id}/release`, {});
      }),
    );
  }
  console.log(`${orders} orders created in ${Date.now() - t0} ms; ${loads} loads of each, cold cache`);
  const first = await signIn(browser, server, "demo-supervisor");
  const state = await first.context().storageState();
  await first.context().close();
  const fresh = async () => {
    const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
    return context.newPage();
  };

  console.log(`${"work orders screen".padEnd(52)}${"median".padStart(8)}${"worst".padStart(10)}`);
  await timed("/orders: the first 50 rows", loads, async () => {
    const page = await fresh();
    const t = Date.now();
    await page.goto(server.url + "/orders");
    await page.locator("table.wo-table tbody tr").first().waitFor();
    await settled(page);
    const ms = Date.now() - t;
    await page.context().close();
    return ms;
  });
  await timed("/orders/WO-2611-001: detail and planned vs actual", loads, async () => {
    const page = await fresh();
    const t = Date.now();
    await page.goto(server.url + "/orders/WO-2611-001");
    await page.locator("#perf-title").waitFor();
    await settled(page);
    const ms = Date.now() - t;
    await page.context().close();
    return ms;
  });
  await timed("/orders/new: the form with its choices", loads, async () => {
    const page = await fresh();
    const t = Date.now();
    await page.goto(server.url + "/orders/new");
    await page.locator("#new-product_definition option[value='PD-SHAFT-20']").waitFor({ state: "attached" });
    await settled(page);
    const ms = Date.now() - t;
    await page.context().close();
    return ms;
  });

  const page = await fresh();
  await page.goto(server.url + "/orders");
  await page.locator("table.wo-table tbody tr").first().waitFor();
  const count = async (q) => (await rest(server, token, "GET", `/api/v1/work-orders?limit=50${q}`)).body.items.length;
  const released = await count("&status=released");
  const firstPage = await count("");
  let on = false;
  await timed("a status filter, to its rows", loads, async () => {
    on = !on;
    const t = Date.now();
    await page.getByLabel("Status").selectOption(on ? "released" : "");
    await page.waitForFunction(
      ([want, n, all]) => {
        const rows = [...document.querySelectorAll("table.wo-table tbody tr")];
        const statuses = rows.map((r) => r.querySelector(".wo-status")?.className ?? "");
        return want
          ? rows.length === n && statuses.every((s) => s.includes("released"))
          : rows.length === all && statuses.some((s) => !s.includes("released"));
      },
      [on, released, firstPage],
      { timeout: 30_000 },
    );
    return Date.now() - t;
  });
  await page.getByLabel("Status").selectOption("");
  await page.waitForFunction((n) => document.querySelectorAll("table.wo-table tbody tr").length === n, firstPage);
  let rows = firstPage;
  await timed("Load more: the next 50 rows", Math.min(loads, Math.floor((orders + 4) / 50) - 1), async () => {
    const t = Date.now();
    await page.getByRole("button", { name: "Load more" }).click();
    rows += 50;
    await page.waitForFunction((n) => document.querySelectorAll("table.wo-table tbody tr").length >= n, rows, {
      timeout: 30_000,
    });
    return Date.now() - t;
  });
  await page.context().close();
} finally {
  await browser.close();
  await server.stop();
}

import { describe, expect, it } from "vitest";
import {
  checkDrop,
  contrast,
  escapeHtml,
  fromLocalInput,
  hslToRgb,
  busiestSite,
  horizon,
  items,
  legend,
  opKey,
  orderColour,
  rows,
  splitKey,
  titleOf,
  toLocalInput,
  type DowntimeWindow,
  type Equipment,
  type PlannedOperation,
  type Schedule,
  type Texts,
} from "./model";

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

const texts: Texts = {
  opTitle: (op, order) => `${op.order}/${op.operation} due ${order?.due}`,
  downtime: (w) => `${w.kind} ${escapeHtml(w.reason ?? "")}`,
  due: (o) => `due ${o.order}`,
};

function op(order: string, operation: string, unit: string, start: string, end: string, extra: Partial<PlannedOperation> = {}): PlannedOperation {
  return { order, operation, work_unit: unit, start, end, changeover_s: 0, fixed: false, eligible_units: [unit, "L2"], ...extra };
}

const schedule: Schedule = {
  id: "S-3",
  kind: "repair",
  created_at: "2026-11-12T08:00:00Z",
  created_by: "user:ann",
  makespan: "2026-11-12T14:00:00Z",
  weighted_tardiness_s: 3600,
  moved: 2,
  kept: 1,
  late_orders: 1,
  orders: [
    { order: "WO-1", status: "released", priority: 100, due: "2026-11-12T12:00:00Z", projected_completion: "2026-11-12T14:00:00Z", lateness_s: 7200, on_time: false },
    { order: "WO-2", status: "released", priority: 200, due: "2026-11-13T12:00:00Z", projected_completion: "2026-11-12T11:00:00Z", lateness_s: -90000, on_time: true },
  ],
  operations: [
    op("WO-1", "OP10", "L1", "2026-11-12T08:30:00Z", "2026-11-12T10:00:00Z", { changeover_s: 1800 }),
    op("WO-1", "OP20", "M1", "2026-11-12T10:00:00Z", "2026-11-12T14:00:00Z", { eligible_units: ["M1"], fixed: true }),
    op("WO-2", "OP10", "L2", "2026-11-12T08:00:00Z", "2026-11-12T11:00:00Z", { eligible_units: [] }),
  ],
};

describe("order colours", () => {
  it("are stable and differ between orders", () => {
    expect(orderColour("WO-2611-001")).toEqual(orderColour("WO-2611-001"));
    const seen = new Set(Array.from({ length: 40 }, (_, i) => orderColour(`WO-${i}`).background));
    expect(seen.size).toBeGreaterThan(18);
  });
  it("keep their text readable (WCAG AA, 4.5:1) for any order", () => {
    for (let i = 0; i < 500; ++i) {
      const c = orderColour(`ORDER-${i * 7919}`);
      expect(contrast(rgb(c.background), rgb(c.text))).toBeGreaterThanOrEqual(4.5);
    }
  });
  it("convert from HSL as CSS does", () => {
    expect(hslToRgb(0, 1, 0.5)).toEqual([255, 0, 0]);
    expect(hslToRgb(120, 1, 0.25)).toEqual([0, 128, 0]);
    expect(contrast([255, 255, 255], [0, 0, 0])).toBeCloseTo(21);
  });
});

describe("rows", () => {
  it("are the active work units by work center, plus any unit the schedule still names", () => {
    const units = [
      { id: "M1", level: "work_unit", parent: "MILL" },
      { id: "L2", level: "work_unit", parent: "TURN" },
      { id: "L1", level: "work_unit", parent: "TURN" },
      { id: "OLD", level: "work_unit", parent: "TURN", retired: true },
      { id: "TURN", level: "work_center", parent: "AREA" },
    ] as Equipment[];
    const r = rows(units, { ...schedule, operations: [...schedule.operations, op("WO-3", "OP10", "GONE", "2026-11-12T08:00:00Z", "2026-11-12T09:00:00Z")] });
    expect(r.map((x) => x.id)).toEqual(["GONE", "M1", "L1", "L2"]);
    expect(r.map((x) => x.order)).toEqual([0, 1, 2, 3]);
  });
});

describe("sites", () => {
  it("order rows by site and show first the site with the most planned operations", () => {
    const plant = [
      { id: "ENT", level: "enterprise" },
      { id: "LYON", level: "site", parent: "ENT" },
      { id: "GRV", level: "site", parent: "ENT" },
      { id: "L-A", level: "area", parent: "LYON" },
      { id: "TURN", level: "work_center", parent: "L-A" },
      { id: "MILL", level: "work_center", parent: "L-A" },
      { id: "G-WC", level: "work_center", parent: "GRV" },
      { id: "L1", level: "work_unit", parent: "TURN" },
      { id: "L2", level: "work_unit", parent: "TURN" },
      { id: "M1", level: "work_unit", parent: "MILL" },
      { id: "G1", level: "work_unit", parent: "G-WC" },
    ] as Equipment[];
    const r = rows(plant, schedule);
    expect(r.map((x) => `${x.site}:${x.id}`)).toEqual(["GRV:G1", "LYON:M1", "LYON:L1", "LYON:L2"]);
    expect(busiestSite(r, schedule)).toBe("LYON");
    expect(busiestSite(r, null)).toBe("");
  });
});

describe("items", () => {
  const down: DowntimeWindow[] = [{ work_unit: "L1", start: "2026-11-12T12:00:00Z", end: "2026-11-12T12:30:00Z", kind: "break", reason: "day" }];
  const input = { schedule, downtime: down, canMove: true };
  const all = items(input);
  const byId = new Map(all.map((i) => [i.id, i]));

  it("draw each operation on its unit in its order's colour, late and fixed ones marked", () => {
    const a = byId.get(opKey("WO-1", "OP10"))!;
    expect(a.group).toBe("L1");
    expect(a.className).toContain("late");
    expect(a.style).toContain(`background-color:${orderColour("WO-1").background}`);
    expect(a.editable).toEqual({ updateTime: true, updateGroup: true, remove: false });
    expect(byId.get(opKey("WO-1", "OP20"))!.className).toContain("fixed");
    const running = byId.get(opKey("WO-2", "OP10"))!;
    expect(running.className).toContain("started");
    expect(running.className).not.toContain("late");
    expect(running.editable).toBe(false);
  });
  it("draw the changeover on the left of its operation, as a share of its length", () => {
    const a = byId.get(opKey("WO-1", "OP10"))!;
    expect(a.className).toContain("with-changeover");
    expect(a.style).toContain("--changeover:0.3333"); // 30 min before 90 min
    expect(byId.get(opKey("WO-1", "OP20"))!.className).not.toContain("with-changeover");
    expect(all.filter((i) => !i.type).length).toBe(3); // one item per operation
  });
  it("mark a late order's due date on the row of its last operation, not an order on time", () => {
    const due = byId.get("due/WO-1")!;
    expect(due.group).toBe("M1");
    expect(due.start.toISOString()).toBe("2026-11-12T12:00:00.000Z");
    expect(due.type).toBe("background");
    expect(byId.has("due/WO-2")).toBe(false);
  });
  it("shade downtime behind, by kind", () => {
    const d = all.find((i) => i.className?.startsWith("down"))!;
    expect(d.type).toBe("background");
    expect(d.className).toBe("down break");
    expect(d.group).toBe("L1");
  });
  it("are read-only for a role that may not plan", () => {
    const ro = items({ schedule, downtime: [], canMove: false });
    expect(ro.filter((i) => i.editable)).toEqual([]);
  });
  it("carry their labels as text and get their tooltips when shown", () => {
    expect(byId.get(opKey("WO-1", "OP20"))!.label).toBe("WO-1 · OP20");
    expect(titleOf(opKey("WO-1", "OP20"), input, texts)).toBe("WO-1/OP20 due 2026-11-12T12:00:00Z");
    expect(titleOf("due/WO-1", input, texts)).toBe("due WO-1");
    const d = all.find((i) => i.className?.startsWith("down"))!;
    expect(titleOf(d.id, { ...input, downtime: [{ ...down[0]!, reason: "<img src=x onerror=alert(1)>" }] }, texts)).toBe(
      "break &#60;img src=x onerror=alert(1)&#62;",
    );
  });
});

describe("a drop", () => {
  const now = new Date("2026-11-12T09:00:00Z");
  const lathe = schedule.operations[0]!;
  it("is taken on an eligible unit at a later time", () => {
    expect(checkDrop(lathe, "L2", new Date("2026-11-12T10:00:00Z"), now)).toEqual({ ok: true });
  });
  it("is refused on a unit that cannot run the operation, in the past, or for work under way", () => {
    expect(checkDrop(lathe, "M1", new Date("2026-11-12T10:00:00Z"), now)).toEqual({ ok: false, reason: "unit" });
    expect(checkDrop(lathe, "L2", new Date("2026-11-12T08:00:00Z"), now)).toEqual({ ok: false, reason: "past" });
    expect(checkDrop(schedule.operations[2]!, "L2", new Date("2026-11-12T10:00:00Z"), now)).toEqual({ ok: false, reason: "started" });
  });
});

describe("the rest", () => {
  it("keys split back into order and operation, whatever their characters", () => {
    expect(splitKey(opKey("WO:1", "OP-10.a"))).toEqual({ order: "WO:1", operation: "OP-10.a" });
  });
  it("the legend puts late orders first, the latest first, then the others by due date", () => {
    const more = { ...schedule, orders: [...schedule.orders, { ...schedule.orders[0]!, order: "WO-9", lateness_s: 99999 }] };
    expect(legend(more).map((o) => o.order)).toEqual(["WO-9", "WO-1", "WO-2"]);
  });
  it("the horizon covers the schedule with a margin, and at most 62 days", () => {
    const h = horizon(schedule, new Date("2026-11-12T09:00:00Z"));
    expect(h.from.getTime()).toBeLessThan(new Date("2026-11-12T08:00:00Z").getTime());
    expect(h.to.getTime()).toBeGreaterThan(new Date("2026-11-12T14:00:00Z").getTime());
    const long = { ...schedule, operations: [op("WO-1", "OP10", "L1", "2026-11-12T08:30:00Z", "2027-06-01T00:00:00Z")] };
    const l = horizon(long, new Date("2026-11-12T09:00:00Z"));
    expect(l.to.getTime() - l.from.getTime()).toBeLessThanOrEqual(62 * 86_400_000);
  });
  it("datetime-local values round-trip in the browser's zone", () => {
    const d = new Date(2026, 10, 12, 14, 35);
    expect(toLocalInput(d)).toBe("2026-11-12T14:35");
    expect(fromLocalInput("2026-11-12T14:35")!.getTime()).toBe(d.getTime());
    expect(fromLocalInput("tomorrow")).toBeNull();
  });
});

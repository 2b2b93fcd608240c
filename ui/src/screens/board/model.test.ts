import { describe, expect, it } from "vitest";
import {
  afterOperationEvent,
  alarms,
  chooseSite,
  describeState,
  isNewer,
  modelInfo,
  onStateChange,
  operationsByUnit,
  siteTree,
  stateClass,
  unitCount,
  waitsForReason,
  withoutStop,
  type Equipment,
  type StateModel,
  type WaitingStop,
  type WorkOrder,
} from "./model";

const eq = (id: string, level: Equipment["level"], parent: string | null, extra: Partial<Equipment> = {}): Equipment => ({
  id,
  level,
  parent,
  description: `${id} desc`,
  ...extra,
});

const plant: Equipment[] = [
  eq("ACME", "enterprise", null),
  eq("LYON", "site", "ACME", { time_zone: "Europe/Paris" }),
  eq("GRV", "site", "ACME", { time_zone: "America/New_York" }),
  eq("MACH", "area", "LYON"),
  eq("ASSY", "area", "LYON"),
  eq("EMPTY", "area", "LYON"),
  eq("TURN", "work_center", "MACH"),
  eq("MILL", "work_center", "MACH"),
  eq("L2", "work_unit", "TURN"),
  eq("L1", "work_unit", "TURN"),
  eq("M1", "work_unit", "MILL"),
  eq("OLD", "work_unit", "MILL", { retired: true }),
  eq("LOOSE", "work_unit", "ASSY"),
  eq("WH", "storage_zone", "LYON"),
  eq("G1", "work_unit", "GRV"),
];

describe("the site's hierarchy", () => {
  it("lists areas, work centers and units by id, leaving out empty and retired ones", () => {
    const tree = siteTree(plant, "LYON");
    expect(tree.map((a) => a.id)).toEqual(["ASSY", "MACH"]);
    const mach = tree[1]!;
    expect(mach.centers.map((c) => c.id)).toEqual(["MILL", "TURN"]);
    expect(mach.centers[1]!.units.map((u) => u.id)).toEqual(["L1", "L2"]);
    expect(mach.centers[0]!.units.map((u) => u.id)).toEqual(["M1"]);
    // A unit right under an area is shown under the area's name.
    expect(tree[0]!.centers).toEqual([
      { id: "ASSY", description: "ASSY desc", units: [{ id: "LOOSE", description: "LOOSE desc" }] },
    ]);
    expect(unitCount(tree)).toBe(4);
  });
  it("shows units hung right under the site first", () => {
    const tree = siteTree(plant, "GRV");
    expect(tree.map((a) => a.id)).toEqual(["GRV"]);
    expect(tree[0]!.centers[0]!.units.map((u) => u.id)).toEqual(["G1"]);
  });
  it("chooses the site asked for, remembered, in the browser's zone, or the first", () => {
    const sites = plant.filter((e) => e.level === "site");
    expect(chooseSite(sites, "GRV", "LYON", "Europe/Paris")).toBe("GRV");
    expect(chooseSite(sites, "NOPE", "LYON", "America/New_York")).toBe("LYON");
    expect(chooseSite(sites, null, null, "Europe/Paris")).toBe("LYON");
    expect(chooseSite(sites, null, null, "Asia/Tokyo")).toBe("LYON");
    expect(chooseSite([], null, null, "UTC")).toBeNull();
  });
});

const acme: StateModel = {
  id: "ACME-MACHINE",
  states: [
    { code: "running", element: "APT" },
    { code: "idle", element: "ADOT" },
    { code: "setup", element: "ASUT" },
    { code: "unplanned_stop", element: "ADET" },
    { code: "planned_stop", element: "PDOT" },
  ],
  reason_codes: [{ code: "E-101", reason: "JAM" }],
};
const packml: StateModel = { id: "P", states: [{ code: "6", name: "Execute", element: "APT" }] };

describe("states", () => {
  const m = modelInfo(acme);
  it("take their element and name from the unit's state model", () => {
    expect(describeState(m, "unplanned_stop", "2026-01-01T00:00:00Z", "E-7")).toEqual({
      state: "unplanned_stop",
      name: "unplanned_stop",
      element: "ADET",
      since: "2026-01-01T00:00:00Z",
      machineCode: "E-7",
    });
    expect(describeState(modelInfo(packml), "6", null, null).name).toBe("Execute");
    expect(describeState(m, "no_data", null, null).element).toBe("NODATA");
    expect(describeState(m, "unknown", null, null).element).toBe("NODATA");
    expect(describeState(undefined, "running", null, null).element).toBe("NODATA");
  });
  it("have one colour class per element", () => {
    expect(stateClass("APT")).toBe("el-apt");
    expect(stateClass("NODATA")).toBe("el-nodata");
  });
  it("change only forwards in time", () => {
    const now = describeState(m, "running", "2026-01-01T10:00:00Z", null);
    expect(isNewer(now, "2026-01-01T09:59:59Z")).toBe(false);
    expect(isNewer(now, "2026-01-01T10:00:00.000Z")).toBe(true);
    expect(isNewer(undefined, "2026-01-01T09:00:00Z")).toBe(true);
    expect(isNewer(describeState(m, "no_data", null, null), "2026-01-01T09:00:00Z")).toBe(true);
  });
  it("wait for a reason when unplanned and not explained by a stop code", () => {
    expect(waitsForReason(m, describeState(m, "unplanned_stop", null, null))).toBe(true);
    expect(waitsForReason(m, describeState(m, "idle", null, "E-999"))).toBe(true);
    expect(waitsForReason(m, describeState(m, "unplanned_stop", null, "E-101"))).toBe(false);
    for (const s of ["running", "setup", "planned_stop", "no_data"])
      expect(waitsForReason(m, describeState(m, s, null, null))).toBe(false);
  });
});

describe("alarms for stops waiting for a reason", () => {
  const t = (min: number) => new Date(Date.UTC(2026, 0, 1, 10, min)).toISOString();
  const now = Date.parse(t(30));
  const list: WaitingStop[] = [
    { unit: "A", start: t(0), end: t(3), state: "idle" }, // 3 min, ended
    { unit: "B", start: t(5), end: t(20), state: "idle" }, // 15 min, ended
    { unit: "C", start: t(27), end: null, state: "unplanned_stop" }, // 3 min so far
    { unit: "D", start: t(10), end: null, state: "unplanned_stop" }, // 20 min so far
  ];
  it("show stops at least the threshold long, those going on first", () => {
    expect(alarms(list, 300, now).map((s) => s.unit)).toEqual(["D", "B"]);
    expect(alarms(list, 120, now).map((s) => s.unit)).toEqual(["C", "D", "B", "A"]);
    expect(alarms(list, 120, now + 10 * 60_000).map((s) => s.unit)).toEqual(["C", "D", "B", "A"]);
  });
  it("end a unit's open stop at its next state and open a new one", () => {
    const next = onStateChange(list, "D", t(25), null);
    expect(next.find((s) => s.unit === "D")!.end).toBe(t(25));
    const opened = onStateChange(list, "A", t(29), { unit: "A", start: t(29), end: null, state: "idle" });
    expect(opened.filter((s) => s.unit === "A")).toHaveLength(2);
    // The same stop twice (the server's list and the live event) is one alarm.
    expect(onStateChange(list, "C", t(27), { unit: "C", start: "2026-01-01T10:27:00Z", end: null, state: "x" })).toHaveLength(4);
  });
  it("go when the stop is classified", () => {
    expect(withoutStop(list, "D", "2026-01-01T10:10:00.000000Z").map((s) => s.unit)).toEqual(["A", "B", "C"]);
  });
});

describe("operations on units", () => {
  const op = (id: string, status: "pending" | "running" | "paused" | "completed", unit: string) =>
    ({ id, status, work_unit: unit, good: 3, scrap: 1 }) as WorkOrder["operations"][number];
  const order = {
    id: "WO-1",
    product: "SHAFT",
    quantity: 40,
    uom: "pcs",
    operations: [op("OP10", "completed", "L1"), op("OP20", "running", "M1"), op("OP30", "pending", "")],
  } as WorkOrder;
  it("come from the open orders' running and paused operations", () => {
    const m = operationsByUnit([order]);
    expect([...m.keys()]).toEqual(["M1"]);
    expect(m.get("M1")).toEqual({
      order: "WO-1",
      operation: "OP20",
      product: "SHAFT",
      quantity: 40,
      uom: "pcs",
      good: 3,
      scrap: 1,
      status: "running",
    });
  });
  it("follow the live events, and leave the unit when completed", () => {
    const e = {
      work_unit: "M1",
      order: "WO-1",
      operation: "OP20",
      event: "paused",
      status: "paused",
      time: "",
      product: "SHAFT",
      quantity: 40,
      uom: "pcs",
      good: 5,
      scrap: 1,
    };
    const paused = afterOperationEvent(null, e);
    expect(paused?.status).toBe("paused");
    expect(paused?.good).toBe(5);
    expect(afterOperationEvent(paused, { ...e, event: "completed", status: "completed" })).toBeNull();
    const other = { ...paused!, order: "WO-2" };
    expect(afterOperationEvent(other, { ...e, event: "completed", status: "completed" })).toBe(other);
  });
});

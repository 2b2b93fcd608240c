import { describe, expect, it } from "vitest";
import {
  andonClass,
  applyKey,
  groupUnits,
  lacksQualification,
  parseQuantity,
  reasonTree,
  refusedMember,
  scanKind,
  siteOf,
  stopToClassify,
  storageAt,
  suggestConsumption,
  suggestOutputId,
  type Equipment,
  type PadKey,
  type Person,
  type Stop,
} from "./logic";

const eq = (id: string, level: Equipment["level"], parent?: string, extra: Partial<Equipment> = {}): Equipment => ({
  id,
  level,
  parent,
  description: extra.description ?? id,
  ...extra,
});

const plant: Equipment[] = [
  eq("ACME", "enterprise"),
  eq("LYON", "site", "ACME", { description: "Lyon plant" }),
  eq("LYON-MACH", "area", "LYON", { description: "Machining" }),
  eq("TURN", "work_center", "LYON-MACH"),
  eq("MILL", "work_center", "LYON-MACH"),
  eq("LATHE-02", "work_unit", "TURN"),
  eq("LATHE-01", "work_unit", "TURN"),
  eq("MILL-01", "work_unit", "MILL"),
  eq("OLD", "work_unit", "MILL", { retired: true }),
  eq("WH", "storage_zone", "LYON"),
  eq("WH-R01", "storage_unit", "WH"),
  eq("GRV", "site", "ACME"),
  eq("GRV-WH", "storage_zone", "GRV"),
];

describe("the andon", () => {
  it("gives each time element its colour", () => {
    expect(andonClass("APT")).toBe("andon-run");
    expect(andonClass("ADET")).toBe("andon-down");
    expect(andonClass("ADOT")).toBe("andon-wait");
    expect(andonClass("ASUT")).toBe("andon-setup");
    expect(andonClass("PDOT")).toBe("andon-planned");
    expect(andonClass("NODATA")).toBe("andon-nodata");
  });

  const stop = (start: string, end: string | null, extra: Partial<Stop> = {}): Stop => ({
    start,
    end,
    duration_s: 60,
    state: "unplanned_stop",
    machine_code: null,
    reason: null,
    classified_by: "none",
    element: "ADET",
    loss: "breakdown",
    ...extra,
  });

  it("asks about the stop the unit is in, whatever its reason", () => {
    const open = stop("2026-01-01T10:00:00Z", null, { reason: "JAM", classified_by: "machine" });
    expect(stopToClassify([open, stop("2026-01-01T09:00:00Z", "2026-01-01T09:10:00Z")])).toEqual({ stop: open, open: true });
  });
  it("else about the newest stop left without a reason, and not about data gaps", () => {
    const last = stop("2026-01-01T09:00:00Z", "2026-01-01T09:10:00Z");
    const gap = stop("2026-01-01T11:00:00Z", null, { element: "NODATA", state: "no_data" });
    expect(stopToClassify([gap, last])).toEqual({ stop: last, open: false });
    expect(stopToClassify([{ ...last, reason: "JAM", classified_by: "operator" }])).toBeNull();
    expect(stopToClassify([])).toBeNull();
  });

  it("lists downtime reasons as their tree, parents first", () => {
    const tree = reasonTree([
      { id: "TOOL", parent: "MECH" },
      { id: "ELEC" },
      { id: "MECH" },
      { id: "JAM", parent: "MECH" },
      { id: "GONE", retired: true },
      { id: "ORPHAN", parent: "GONE" },
    ]);
    expect(tree.map((t) => `${t.depth}:${t.reason.id}`)).toEqual(["0:ELEC", "0:MECH", "1:JAM", "1:TOOL", "0:ORPHAN"]);
  });
});

describe("the equipment hierarchy", () => {
  it("groups active work units under their work centers, in order", () => {
    const groups = groupUnits(plant);
    expect(groups.map((g) => g.center.id)).toEqual(["MILL", "TURN"]);
    expect(groups[1]!.units.map((u) => u.id)).toEqual(["LATHE-01", "LATHE-02"]);
    expect(groups[0]!.units.map((u) => u.id)).toEqual(["MILL-01"]);
    expect(groups[0]!.path).toBe("Lyon plant › Machining");
  });
  it("finds a node's site and the storage there", () => {
    const byId = new Map(plant.map((e) => [e.id, e]));
    expect(siteOf("LATHE-01", byId)).toBe("LYON");
    expect(siteOf("ACME", byId)).toBe("");
    expect(storageAt("LYON", plant).map((e) => e.id)).toEqual(["WH", "WH-R01"]);
    expect(storageAt("GRV", plant).map((e) => e.id)).toEqual(["GRV-WH"]);
  });
});

describe("scans", () => {
  const persons = new Set(["P-1001"]);
  const orders = new Set(["WO-1"]);
  it("tells badges, orders and lots apart", () => {
    expect(scanKind("P-1001", persons, orders)).toBe("person");
    expect(scanKind("WO-1", persons, orders)).toBe("order");
    expect(scanKind("L-STEEL-1", persons, orders)).toBe("lot");
  });
});

describe("the number pad", () => {
  const type = (keys: PadKey[], from = "") => keys.reduce(applyKey, from);
  it("types digits and one decimal separator", () => {
    expect(type(["1", "2", ".", "5", ".", "0"])).toBe("12.50");
    expect(type([".", "5"])).toBe("0.5");
    expect(type(["0", "7"])).toBe("7");
    expect(type(["5"], "2,")).toBe("2,5");
    expect(type(["."], "2,5")).toBe("2,5");
  });
  it("deletes and clears, and stops at 12 characters", () => {
    expect(type(["back"], "125")).toBe("12");
    expect(type(["clear"], "125")).toBe("");
    expect(type(["9"], "123456789012")).toBe("123456789012");
  });
  it("reads quantities with a point or a comma", () => {
    expect(parseQuantity("12")).toBe(12);
    expect(parseQuantity(" 2,5 ")).toBe(2.5);
    expect(parseQuantity("0.25")).toBe(0.25);
    expect(parseQuantity("")).toBeNull();
    expect(parseQuantity("-3")).toBeNaN();
    expect(parseQuantity("1e3")).toBeNaN();
    expect(parseQuantity("12 kg")).toBeNaN();
  });
});

describe("suggestions", () => {
  it("names the next output lot as the server would", () => {
    expect(suggestOutputId("{order}-{seq}", "WO-7", 3)).toBe("WO-7-0003");
    expect(suggestOutputId("PUMP-{seq}", "WO-7", 12345)).toBe("PUMP-12345");
    expect(suggestOutputId("", "WO-7", 1)).toBe("WO-7-0001");
  });
  const needs = [
    { material: "STEEL", required: 56.7, consumed: 20.2, uom: "kg", backflush: false },
    { material: "GREASE", required: 1, consumed: 0, uom: "kg", backflush: true },
  ];
  it("consumes what is still needed, at most the lot", () => {
    expect(suggestConsumption(needs, { material: "STEEL", quantity: 1250 })).toBe(36.5);
    expect(suggestConsumption(needs, { material: "STEEL", quantity: 10 })).toBe(10);
  });
  it("suggests nothing for another material or a need met, and what a backflushed line still needs", () => {
    expect(suggestConsumption(needs, { material: "ALU", quantity: 10 })).toBeNull();
    expect(suggestConsumption(needs, { material: "GREASE", quantity: 10 })).toBe(1);
    expect(suggestConsumption([{ ...needs[0]!, consumed: 56.7 }], { material: "STEEL", quantity: 10 })).toBeNull();
  });
});

describe("qualifications", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const person = (qualifications: Person["qualifications"]): Person => ({ id: "P", name: "P", qualifications });
  it("accepts a pass still valid", () => {
    expect(
      lacksQualification(
        person([{ qualification: "CNC", tested_at: "2026-03-01T08:00:00Z", expires_at: "2027-03-01T08:00:00Z" }]),
        "CNC",
        365,
        now,
      ),
    ).toBeNull();
    expect(lacksQualification(person([]), "", null, now)).toBeNull();
  });
  it("explains a missing, failed, expired or future qualification", () => {
    expect(lacksQualification(person([]), "CNC", null, now)).toEqual({ kind: "missing" });
    expect(
      lacksQualification(
        person([
          { qualification: "CNC", tested_at: "2026-01-01T08:00:00Z" },
          { qualification: "CNC", tested_at: "2026-06-01T08:00:00Z", result: "fail" },
        ]),
        "CNC",
        null,
        now,
      ),
    ).toEqual({ kind: "failed", date: "2026-06-01T08:00:00Z" });
    expect(lacksQualification(person([{ qualification: "CNC", tested_at: "2025-01-01T00:00:00Z" }]), "CNC", 365, now)).toEqual({
      kind: "expired",
      date: "2026-01-01T00:00:00.000Z",
    });
    expect(lacksQualification(person([{ qualification: "CNC", tested_at: "2027-01-01T00:00:00Z" }]), "CNC", null, now)).toEqual({
      kind: "future",
      date: "2027-01-01T00:00:00Z",
    });
  });
  it("finds the crew member a refusal names", () => {
    expect(refusedMember("operators[1]", ["A", "B"])).toBe("B");
    expect(refusedMember("work_unit", ["A"])).toBeNull();
    expect(refusedMember("operators[5]", ["A"])).toBeNull();
  });
});

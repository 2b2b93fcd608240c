import { describe, expect, it } from "vitest";
import { genealogyTexts } from "./catalogue";
import { deliveries, lotsInPlant, statusColour, stockByLocation, traceGraph, type LotTrace, type Recall, type RecalledLot } from "./trace";

function traced(lot: string, depth: number, extra: Partial<LotTrace["lots"][number]> = {}): LotTrace["lots"][number] {
  return { lot, depth, material: "SHAFT-20", status: "available", serial: false, work_order: "WO-1", supplier_lot: "",
    quantity: 1, uom: "pcs", locations: [], shipped: 0, last_shipment: "", ...extra };
}

describe("traceGraph", () => {
  const root = { id: "L-STEEL", material: "STEEL-BAR-20", status: "available" };
  it("draws the traced lot, every lot listed and the links among them", () => {
    const trace: LotTrace = {
      lot: "L-STEEL", direction: "forward", depth: null, count: 3, truncated: false,
      lots: [traced("S-1", 1), traced("S-2", 1), traced("P-1", 2, { material: "PUMP-100" })],
      links: [{ from: "L-STEEL", to: "S-1" }, { from: "L-STEEL", to: "S-2" }, { from: "S-1", to: "P-1" }],
    };
    const g = traceGraph(root, trace);
    expect(g.nodes.map((n) => [n.id, n.depth])).toEqual([["L-STEEL", 0], ["S-1", 1], ["S-2", 1], ["P-1", 2]]);
    expect(g.edges.map((e) => `${e.source}>${e.target}`)).toEqual(["L-STEEL>S-1", "L-STEEL>S-2", "S-1>P-1"]);
  });
  it("drops links to lots a truncated answer left out, and duplicates", () => {
    const trace: LotTrace = {
      lot: "L-STEEL", direction: "forward", depth: null, count: 1, truncated: true,
      lots: [traced("S-1", 1)],
      links: [{ from: "L-STEEL", to: "S-1" }, { from: "L-STEEL", to: "S-1" }, { from: "S-1", to: "P-9" }],
    };
    expect(traceGraph(root, trace).edges).toHaveLength(1);
  });
  it("colours held lots apart from usable and used-up ones", () => {
    expect(statusColour("available")).not.toBe(statusColour("on_hold"));
    expect(statusColour("consumed")).toBe(statusColour("shipped"));
  });
});

function recalled(lot: string, locations: { location: string; quantity: number }[], shipments: Recall["shipments"] = []): RecalledLot {
  return { ...traced(lot, 1), locations, end_item: true, shipments: shipments.map((s) => ({ ...s, location: "FG" })) };
}

describe("recall", () => {
  it("says where the affected stock lies, by location, and how many lots are still in the plant", () => {
    const lots = [recalled("P-2", [{ location: "FG", quantity: 3 }]), recalled("P-1", [{ location: "FG", quantity: 1 }, { location: "QA", quantity: 1 }]), recalled("P-3", [])];
    expect(stockByLocation(lots).map((s) => [s.location, s.lots.map((l) => l.lot)])).toEqual([["FG", ["P-1", "P-2"]], ["QA", ["P-1"]]]);
    expect(lotsInPlant(lots)).toBe(2);
  });
  it("groups shipments by delivery, the latest delivery first", () => {
    const s = (lot: string, reference: string, at: string) => ({ lot, reference, quantity: 1, uom: "pcs", at, actor: "user:ana" });
    const recall: Recall = { lot: "L", affected_lots: 2, end_items: 2, shipped_lots: 2, truncated: false, lots: [],
      shipments: [s("P-1", "DN-1", "2026-11-01T08:00:00Z"), s("P-2", "DN-2", "2026-11-03T08:00:00Z"), s("P-3", "DN-1", "2026-11-02T08:00:00Z")] };
    const d = deliveries(recall);
    expect(d.map((x) => [x.reference, x.lines.length])).toEqual([["DN-2", 1], ["DN-1", 2]]);
    expect(d[1]?.at).toBe("2026-11-02T08:00:00Z");
  });
  it("has every genealogy text in French, none empty", () => {
    for (const key of Object.keys(genealogyTexts.en) as (keyof typeof genealogyTexts.en)[]) expect(genealogyTexts.fr[key]).not.toBe("");
  });
});

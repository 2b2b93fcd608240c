// The genealogy screens' own logic, unit-tested apart from the components: a trace as a graph to
// draw, a status's colour there, and a recall's stock by location and shipments by reference.
import type { Schemas } from "../../lib/api";

export type LotTrace = Schemas["LotTrace"];
export type Recall = Schemas["Recall"];
export type RecalledLot = Schemas["RecalledLot"];

export interface GraphNode {
  id: string;
  material: string;
  status: string;
  depth: number; // 0: the traced lot
}
export interface GraphEdge {
  id: string;
  source: string; // consumed
  target: string; // into
}
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

// The traced lot and the lots listed, and the links among them (links to lots the answer left
// out, when it was truncated, are dropped: a graph library refuses an edge without its nodes).
export function traceGraph(root: { id: string; material: string; status: string }, trace: LotTrace): Graph {
  const nodes: GraphNode[] = [{ id: root.id, material: root.material, status: root.status, depth: 0 }];
  const seen = new Set([root.id]);
  for (const l of trace.lots) {
    if (seen.has(l.lot)) continue;
    seen.add(l.lot);
    nodes.push({ id: l.lot, material: l.material, status: l.status, depth: l.depth });
  }
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  for (const k of trace.links) {
    const id = `${k.from}\u2192${k.to}`;
    if (!seen.has(k.from) || !seen.has(k.to) || edgeIds.has(id)) continue;
    edgeIds.add(id);
    edges.push({ id, source: k.from, target: k.to });
  }
  return { nodes, edges };
}

// Node colours on the graph: the lot status badges' (inventory.css), so both read alike.
const statusColours: Record<string, string> = {
  available: "#1d7a36",
  on_hold: "#a5310f",
  containment: "#a5310f",
  quarantine: "#8a5a00",
  expired: "#7a1410",
};
export function statusColour(status: string): string {
  return statusColours[status] ?? "#4f5966";
}

// Where the affected stock lies: per location, the lots there with their quantity, locations in
// order, each location's lots by id. Lots without stock are not anywhere.
export interface StockAt {
  location: string;
  lots: { lot: string; material: string; status: string; quantity: number; uom: string }[];
}
export type Placed = Pick<RecalledLot, "lot" | "material" | "status" | "uom" | "locations">;
export function stockByLocation(lots: readonly Placed[]): StockAt[] {
  const at = new Map<string, StockAt>();
  for (const l of lots)
    for (const w of l.locations) {
      let s = at.get(w.location);
      if (!s) at.set(w.location, (s = { location: w.location, lots: [] }));
      s.lots.push({ lot: l.lot, material: l.material, status: l.status, quantity: w.quantity, uom: l.uom });
    }
  const out = [...at.values()].sort((a, b) => a.location.localeCompare(b.location));
  for (const s of out) s.lots.sort((a, b) => a.lot.localeCompare(b.lot));
  return out;
}

// The lots that still have stock in the plant (the ones a containment stops from moving on).
export function lotsInPlant(lots: readonly Placed[]): number {
  return lots.filter((l) => l.locations.length > 0).length;
}

// Shipments grouped by delivery reference (one letter per customer delivery), newest first.
export interface Delivery {
  reference: string;
  at: string; // the latest shipment under it
  lines: Schemas["RecallShipment"][];
}
export function deliveries(recall: Recall): Delivery[] {
  const by = new Map<string, Delivery>();
  for (const s of recall.shipments) {
    let d = by.get(s.reference);
    if (!d) by.set(s.reference, (d = { reference: s.reference, at: s.at, lines: [] }));
    d.lines.push(s);
    if (s.at > d.at) d.at = s.at;
  }
  return [...by.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.reference.localeCompare(b.reference)));
}

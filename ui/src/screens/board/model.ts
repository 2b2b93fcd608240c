// The plant board's own logic, free of the page: the site's hierarchy, what colour a state is,
// which stops wait for a reason, and how live events change what the board knows.
import type { Schemas } from "../../lib/api";

export type Equipment = Schemas["Equipment"];
export type StateModel = Schemas["StateModel"];
export type MachineStatus = Schemas["MachineStatus"];
export type UnitStop = Schemas["UnitStop"];
export type KpiFigures = Schemas["KpiFigures"];
export type WorkOrder = Schemas["WorkOrder"];

// ISO 22400 time elements, and NODATA for a unit nothing reports.
export type Element = "APT" | "ASUT" | "ADET" | "ADOT" | "PDOT" | "NODATA";

// ---- the hierarchy ----------------------------------------------------------------------------

export interface UnitNode {
  id: string;
  description: string;
}
export interface CenterNode {
  id: string;
  description: string;
  units: UnitNode[];
}
export interface AreaNode {
  id: string;
  description: string;
  centers: CenterNode[];
}

// The areas of `site`, their work centers and work units, by id; units hung directly under an area
// or the site go to a work center of their parent's name, so none is left out.
export function siteTree(equipment: Equipment[], site: string): AreaNode[] {
  const live = equipment.filter((e) => !e.retired);
  const byParent = new Map<string, Equipment[]>();
  for (const e of live) {
    const list = byParent.get(e.parent ?? "") ?? [];
    list.push(e);
    byParent.set(e.parent ?? "", list);
  }
  const children = (id: string, level?: Equipment["level"]) =>
    (byParent.get(id) ?? []).filter((e) => !level || e.level === level).sort((a, b) => a.id.localeCompare(b.id));
  // Every unit under a node, however deep (a unit below a unit is not ISA-95, but is shown anyway).
  const unitsUnder = (id: string): UnitNode[] => {
    const out: UnitNode[] = [];
    for (const c of children(id)) {
      if (c.level === "work_unit") out.push({ id: c.id, description: c.description ?? "" });
      if (c.level !== "storage_zone" && c.level !== "storage_unit") out.push(...unitsUnder(c.id));
    }
    return out;
  };
  const node = live.find((e) => e.id === site);
  const areas: AreaNode[] = [];
  for (const a of children(site, "area")) {
    const centers: CenterNode[] = children(a.id, "work_center").map((c) => ({
      id: c.id,
      description: c.description ?? "",
      units: unitsUnder(c.id),
    }));
    const loose = children(a.id, "work_unit").map((u) => ({ id: u.id, description: u.description ?? "" }));
    if (loose.length) centers.unshift({ id: a.id, description: a.description ?? "", units: loose });
    areas.push({ id: a.id, description: a.description ?? "", centers: centers.filter((c) => c.units.length) });
  }
  const direct = children(site, "work_unit").map((u) => ({ id: u.id, description: u.description ?? "" }));
  if (direct.length && node)
    areas.unshift({ id: site, description: node.description ?? "", centers: [{ id: site, description: "", units: direct }] });
  return areas.filter((a) => a.centers.length);
}

export function unitCount(tree: AreaNode[]): number {
  return tree.reduce((n, a) => n + a.centers.reduce((m, c) => m + c.units.length, 0), 0);
}

// The site to show: the one asked for, else the one remembered, else the one in the browser's time
// zone (a supervisor in Lyon sees Lyon), else the first.
export function chooseSite(sites: Equipment[], asked: string | null, remembered: string | null, timeZone: string): string | null {
  const ids = sites.map((s) => s.id);
  if (asked && ids.includes(asked)) return asked;
  if (remembered && ids.includes(remembered)) return remembered;
  return sites.find((s) => s.time_zone === timeZone)?.id ?? ids[0] ?? null;
}

// ---- states -----------------------------------------------------------------------------------

export interface StateInfo {
  name: string;
  element: Element;
}

// Each state model's states by code, and the machine stop codes that carry a reason.
export interface ModelInfo {
  states: Map<string, StateInfo>;
  reasonCodes: Set<string>;
}

export function modelInfo(m: StateModel): ModelInfo {
  const states = new Map<string, StateInfo>();
  for (const s of m.states) states.set(s.code, { name: s.name || s.code, element: s.element as Element });
  return { states, reasonCodes: new Set((m.reason_codes ?? []).map((r) => r.code)) };
}

// What a unit is doing now, as the board shows it.
export interface UnitState {
  state: string;
  name: string;
  element: Element;
  since: string | null;
  machineCode: string | null;
}

export const noData: UnitState = { state: "no_data", name: "no_data", element: "NODATA", since: null, machineCode: null };

export function describeState(
  model: ModelInfo | undefined,
  state: string,
  since: string | null,
  machineCode: string | null,
): UnitState {
  if (state === "no_data") return { ...noData, since, machineCode };
  const info = model?.states.get(state);
  return { state, name: info?.name ?? state, element: info?.element ?? "NODATA", since, machineCode };
}

// A live state applies only if it is not older than what the board shows: a late reading changes
// history, not the present.
export function isNewer(current: UnitState | undefined, time: string): boolean {
  return !current?.since || Date.parse(time) >= Date.parse(current.since);
}

// The board's colour class for an element.
export function stateClass(e: Element): string {
  return `el-${e.toLowerCase()}`;
}

// ---- stops waiting for a reason --------------------------------------------------------------------

export interface WaitingStop {
  unit: string;
  start: string;
  end: string | null;
  state: string;
}

export function stopKey(unit: string, start: string): string {
  return `${unit}@${Date.parse(start)}`;
}

// A stop waits for a reason when it is a malfunction or an idle stop (ADET, ADOT) and neither an
// operator nor the machine's stop code gave it one: the rule of GET /api/v1/stops?waiting=true.
export function waitsForReason(model: ModelInfo | undefined, s: UnitState): boolean {
  if (s.element !== "ADET" && s.element !== "ADOT") return false;
  return !(s.machineCode && model?.reasonCodes.has(s.machineCode));
}

export function fromServer(list: UnitStop[]): WaitingStop[] {
  return list.map((s) => ({ unit: s.work_unit, start: s.start, end: s.end ?? null, state: s.state }));
}

// A unit changed state at `time`: its open stop ends there, and the new state opens one if it waits.
export function onStateChange(list: WaitingStop[], unit: string, time: string, opens: WaitingStop | null): WaitingStop[] {
  const t = Date.parse(time);
  const out = list.map((s) => (s.unit === unit && s.end === null && Date.parse(s.start) < t ? { ...s, end: time } : s));
  if (opens && !out.some((s) => stopKey(s.unit, s.start) === stopKey(opens.unit, opens.start))) out.push(opens);
  return out;
}

export function withoutStop(list: WaitingStop[], unit: string, start: string): WaitingStop[] {
  const key = stopKey(unit, start);
  return list.filter((s) => stopKey(s.unit, s.start) !== key);
}

export function durationS(s: WaitingStop, now: number): number {
  return Math.max(0, ((s.end ? Date.parse(s.end) : now) - Date.parse(s.start)) / 1000);
}

// The alarms: waiting stops at least `thresholdS` long, those still going on first, then newest first.
export function alarms(list: WaitingStop[], thresholdS: number, now: number): WaitingStop[] {
  return list
    .filter((s) => durationS(s, now) >= thresholdS)
    .sort((a, b) => Number(a.end !== null) - Number(b.end !== null) || Date.parse(b.start) - Date.parse(a.start));
}

// ---- operations ----------------------------------------------------------------------------------

export interface UnitOperation {
  order: string;
  operation: string;
  product: string;
  quantity: number;
  uom: string;
  good: number;
  scrap: number;
  status: "running" | "paused";
}

// The operation running or paused on each unit, from open work orders.
export function operationsByUnit(orders: WorkOrder[]): Map<string, UnitOperation> {
  const out = new Map<string, UnitOperation>();
  for (const o of orders) {
    for (const op of o.operations) {
      if ((op.status !== "running" && op.status !== "paused") || !op.work_unit) continue;
      out.set(op.work_unit, {
        order: o.id,
        operation: op.id,
        product: o.product,
        quantity: o.quantity,
        uom: o.uom,
        good: op.good,
        scrap: op.scrap,
        status: op.status,
      });
    }
  }
  return out;
}

// What a live `operation` event leaves on its unit: the operation, or nothing once it completed
// (unless another operation took the unit meanwhile).
export function afterOperationEvent(current: UnitOperation | null, e: Schemas["LiveOperation"]): UnitOperation | null {
  if (e.status === "completed")
    return current && (current.order !== e.order || current.operation !== e.operation) ? current : null;
  return {
    order: e.order,
    operation: e.operation,
    product: e.product,
    quantity: e.quantity,
    uom: e.uom,
    good: e.good,
    scrap: e.scrap,
    status: e.status === "paused" ? "paused" : "running",
  };
}

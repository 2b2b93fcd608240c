// The schedule Gantt's own logic, free of the timeline library and the DOM: a stable colour per
// order, rows and items from the active schedule and the downtime windows, and what a drag may do.
import type { Schemas } from "../../lib/api";

export type Schedule = Schemas["Schedule"];
export type PlannedOperation = Schemas["PlannedOperation"];
export type OrderProjection = Schemas["OrderProjection"];
export type DowntimeWindow = Schemas["DowntimeWindow"];
export type Equipment = Schemas["Equipment"];

// ---- colours -----------------------------------------------------------------------------------

// FNV-1a: the same order id gives the same colour in every browser and every session.
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; ++i) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255)) as [number, number, number];
}

// WCAG 2 relative luminance and contrast ratio.
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const hex = (rgb: [number, number, number]) => "#" + rgb.map((v) => v.toString(16).padStart(2, "0")).join("");
const white: [number, number, number] = [255, 255, 255];
const ink: [number, number, number] = [17, 17, 17];

export interface OrderColour {
  background: string;
  border: string;
  text: string;
}

// A colour per order: 12 hues by 3 tones, so neighbours in time rarely share one, with the text
// (white or near-black) that reads best on it (contrast at least 4.5:1, WCAG AA).
export function orderColour(order: string): OrderColour {
  const h = hash(order);
  const hue = (h % 12) * 30 + 8;
  let tone = [0.3, 0.44, 0.74][Math.floor(h / 12) % 3]!;
  let rgb = hslToRgb(hue, 0.62, tone);
  // Mid-luminance colours read poorly with either text: darken them until white text does.
  while (Math.max(contrast(rgb, white), contrast(rgb, ink)) < 4.5) rgb = hslToRgb(hue, 0.62, (tone -= 0.02));
  const border = hslToRgb(hue, 0.62, Math.max(0.15, tone - 0.18));
  const text = contrast(rgb, white) >= contrast(rgb, ink) ? white : ink;
  return { background: hex(rgb), border: hex(border), text: hex(text) };
}

// ---- rows and items ----------------------------------------------------------------------------

// An operation's item id: ids never hold a "/" (they are [A-Za-z0-9._:-]).
export const opKey = (order: string, operation: string) => `${order}/${operation}`;
export function splitKey(key: string): { order: string; operation: string } {
  const i = key.indexOf("/");
  return { order: key.slice(0, i), operation: key.slice(i + 1) };
}

export interface Row {
  id: string;
  content: string; // the unit's id
  title: string; // its description
  order: number; // by site, work center, id
  site: string;
  className?: string;
}

export interface Item {
  id: string;
  group: string;
  start: Date;
  end?: Date;
  label: string; // the text drawn on it (as text, never as HTML)
  type?: "range" | "background";
  className?: string;
  style?: string;
  editable?: boolean | { updateTime: boolean; updateGroup: boolean; remove: boolean };
  selectable?: boolean;
}

// Tooltips, computed when one is shown (not for every item at every redraw). HTML: whatever comes
// from users must be escaped (escapeHtml).
export interface Texts {
  opTitle: (op: PlannedOperation, order: OrderProjection | undefined) => string;
  downtime: (w: DowntimeWindow) => string;
  due: (order: OrderProjection) => string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface GanttInput {
  schedule: Schedule | null;
  downtime: DowntimeWindow[];
  canMove: boolean;
}

// The site of each equipment node (itself for a site), walking up the hierarchy.
export function sites(equipment: Equipment[]): Map<string, string> {
  const byId = new Map(equipment.map((e) => [e.id, e]));
  const out = new Map<string, string>();
  for (const e of equipment) {
    let at: Equipment | undefined = e;
    for (let depth = 0; at && at.level !== "site" && depth < 16; ++depth) at = at.parent ? byId.get(at.parent) : undefined;
    out.set(e.id, at?.level === "site" ? at.id : "");
  }
  return out;
}

// The rows: every active work unit, and any unit a planned operation names (even if retired
// since), by site, work center and id. One row per unit.
export function rows(equipment: Equipment[], schedule: Schedule | null): Row[] {
  const site = sites(equipment);
  const byId = new Map(equipment.filter((u) => u.level === "work_unit" && !u.retired).map((u) => [u.id, u]));
  for (const op of schedule?.operations ?? []) if (!byId.has(op.work_unit)) byId.set(op.work_unit, { id: op.work_unit } as Equipment);
  const key = (u: Equipment) => [site.get(u.id) ?? "", u.parent ?? "", u.id] as const;
  const sorted = [...byId.values()].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]) || x[2].localeCompare(y[2]);
  });
  return sorted.map((u, i) => ({ id: u.id, content: u.id, title: u.description || u.id, order: i, site: site.get(u.id) ?? "" }));
}

// The site to show first: the one with the most planned operations.
export function busiestSite(rowList: Row[], schedule: Schedule | null): string {
  const siteOf = new Map(rowList.map((r) => [r.id, r.site]));
  const count = new Map<string, number>();
  for (const op of schedule?.operations ?? []) {
    const s = siteOf.get(op.work_unit) ?? "";
    count.set(s, (count.get(s) ?? 0) + 1);
  }
  let best = "",
    n = 0;
  for (const [s, c] of count)
    if (c > n) {
      best = s;
      n = c;
    }
  return best;
}

export function projections(schedule: Schedule | null): Map<string, OrderProjection> {
  return new Map((schedule?.orders ?? []).map((o) => [o.order, o]));
}

// Whether a planned operation may be dragged: it has not started (it has somewhere to go).
export function movable(op: PlannedOperation): boolean {
  return op.eligible_units.length > 0;
}

// The timeline's items: each planned operation in its order's colour (late orders' operations
// marked, fixed ones too) with the changeover before it drawn on its left (a share of its width,
// so it follows the operation at any zoom and while dragged), each late order's due date on the
// row of its last operation, and the units' downtime behind.
export function items(input: GanttInput): Item[] {
  const { schedule } = input;
  const out: Item[] = [];
  const orders = projections(schedule);
  const last = new Map<string, PlannedOperation>();
  for (const op of schedule?.operations ?? []) {
    const order = orders.get(op.order);
    const late = order ? !order.on_time : false;
    const c = orderColour(op.order);
    const start = new Date(op.start), end = new Date(op.end);
    const classes = ["op"];
    if (late) classes.push("late");
    if (op.fixed) classes.push("fixed");
    if (!movable(op)) classes.push("started");
    let style = `background-color:${c.background};border-color:${late ? "#b3261e" : c.border};color:${c.text}`;
    const length = end.getTime() - start.getTime();
    if (op.changeover_s > 0) {
      classes.push("with-changeover");
      // As a share of the operation's own width; a zero-length operation shows none.
      if (length > 0) style += `;--changeover:${((op.changeover_s * 1000) / length).toFixed(4)}`;
    }
    out.push({
      id: opKey(op.order, op.operation),
      group: op.work_unit,
      start,
      end,
      label: `${op.order} · ${op.operation}`,
      className: classes.join(" "),
      style,
      // Moved whole, never removed: the planner places it, the user only says where it must go.
      editable: input.canMove && movable(op) ? { updateTime: true, updateGroup: true, remove: false } : false,
    });
    const l = last.get(op.order);
    if (!l || l.end < op.end) last.set(op.order, op);
  }
  for (const [id, op] of last) {
    const order = orders.get(id);
    if (!order || order.on_time) continue;
    const due = new Date(order.due);
    out.push({
      id: `due/${id}`,
      group: op.work_unit,
      start: due,
      end: new Date(due.getTime() + 60_000),
      type: "background",
      label: "",
      className: "due",
    });
  }
  input.downtime.forEach((w, i) =>
    out.push({
      id: `down/${i}`,
      group: w.work_unit,
      start: new Date(w.start),
      end: new Date(w.end),
      type: "background",
      label: "",
      className: `down ${w.kind}`,
    }),
  );
  return out;
}

// The tooltip of an item, by its id.
export function titleOf(id: string, input: GanttInput, texts: Texts): string {
  const orders = projections(input.schedule);
  if (id.startsWith("down/")) {
    const w = input.downtime[Number(id.slice(5))];
    return w ? texts.downtime(w) : "";
  }
  if (id.startsWith("due/")) {
    const o = orders.get(id.slice(4));
    return o ? texts.due(o) : "";
  }
  const { order, operation } = splitKey(id);
  const op = input.schedule?.operations.find((o) => o.order === order && o.operation === operation);
  return op ? texts.opTitle(op, orders.get(order)) : "";
}

// The window of time worth fetching downtime for and showing: from a little before now (or the
// first start) to a little after the last end, at most 62 days (the server's limit).
export function horizon(schedule: Schedule | null, now: Date): { from: Date; to: Date } {
  const hour = 3_600_000;
  let first = now.getTime() - 2 * hour;
  let lastEnd = now.getTime() + 24 * hour;
  for (const op of schedule?.operations ?? []) {
    first = Math.min(first, new Date(op.start).getTime() - op.changeover_s * 1000 - hour);
    lastEnd = Math.max(lastEnd, new Date(op.end).getTime() + 6 * hour);
  }
  const from = Math.max(first, now.getTime() - 7 * 24 * hour);
  return { from: new Date(from), to: new Date(Math.min(lastEnd, from + 62 * 24 * hour)) };
}

// ---- a drag --------------------------------------------------------------------------------------

export type DropCheck = { ok: true } | { ok: false; reason: "unit" | "past" | "started" };

// What the server would refuse at once, checked while dragging: a unit that cannot run the
// operation, a start in the past, an operation under way. (Precedence and downtime are the
// server's to judge: it answers 422 with the reason.)
export function checkDrop(op: PlannedOperation, unit: string, start: Date, now: Date): DropCheck {
  if (!movable(op)) return { ok: false, reason: "started" };
  if (!op.eligible_units.includes(unit)) return { ok: false, reason: "unit" };
  if (start.getTime() < now.getTime()) return { ok: false, reason: "past" };
  return { ok: true };
}

// ---- the outcome of a plan, repair, breakdown or move ------------------------------------------

export interface Outcome {
  id: string;
  kind: "plan" | "repair";
  moved: number;
  kept: number;
  makespan: string;
  tardiness_s: number;
  late: number;
  unschedulable: string[];
}

export function outcomeOf(s: Schedule & { unschedulable?: string[] }): Outcome {
  return {
    id: s.id,
    kind: s.kind,
    moved: s.moved,
    kept: s.kept,
    makespan: s.makespan,
    tardiness_s: s.weighted_tardiness_s,
    late: s.late_orders,
    unschedulable: s.unschedulable ?? [],
  };
}

// The orders of a schedule for the legend: late ones first (latest first), then by due date.
export function legend(schedule: Schedule | null): OrderProjection[] {
  return [...(schedule?.orders ?? [])].sort((a, b) =>
    a.on_time !== b.on_time ? (a.on_time ? 1 : -1) : a.on_time ? a.due.localeCompare(b.due) : b.lateness_s - a.lateness_s,
  );
}

// `datetime-local` input values in the browser's zone, and back.
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
export function fromLocalInput(v: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return null;
  const d = new Date(v); // a date-time without zone is local time
  return Number.isNaN(d.getTime()) ? null : d;
}

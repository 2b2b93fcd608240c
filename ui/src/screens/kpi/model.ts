// The KPI view's own logic, free of the page and the charts: which window the URL asks for, and
// the rows each chart draws from the API's report.
import type { Schemas } from "../../lib/api";

export type KpiReport = Schemas["KpiReport"];
export type KpiTrend = Schemas["KpiTrend"];
export type WaterfallStep = Schemas["WaterfallStep"];
export type ParetoEntry = Schemas["ParetoEntry"];

export type WindowKind = "shift" | "day" | "custom";

// What the view shows, as kept in the URL (so a reload or a shared link shows the same).
export interface Selection {
  equipment: string;
  window: WindowKind;
  at: string | null; // shift: the instant the shift holds (ISO); null: now
  date: string | null; // day: YYYY-MM-DD (the browser's calendar); null: today
  from: string | null; // custom (ISO)
  to: string | null;
  days: number; // the trend's span
}

export const trendSpans = [7, 14, 31];

export function selectionOf(q: Record<string, string | undefined>, fallbackEquipment: string): Selection {
  const window: WindowKind = q.window === "day" || q.window === "custom" ? q.window : "shift";
  const days = Number(q.days);
  return {
    equipment: q.equipment || fallbackEquipment,
    window,
    at: q.at || null,
    date: /^\d{4}-\d{2}-\d{2}$/.test(q.date ?? "") ? q.date! : null,
    from: q.from || null,
    to: q.to || null,
    days: trendSpans.includes(days) ? days : 7,
  };
}

export function queryString(s: Selection): string {
  const p = new URLSearchParams({ equipment: s.equipment, window: s.window });
  if (s.window === "shift" && s.at) p.set("at", s.at);
  if (s.window === "day" && s.date) p.set("date", s.date);
  if (s.window === "custom") {
    if (s.from) p.set("from", s.from);
    if (s.to) p.set("to", s.to);
  }
  if (s.days !== 7) p.set("days", String(s.days));
  return p.toString();
}

// The query of GET /api/v1/kpi for a selection. A day is the site's local day holding noon of the
// chosen date in the browser's zone (the plant's, on its own floor).
export type KpiQuery =
  | { equipment: string; window: "shift" | "day"; at?: string }
  | { equipment: string; from: string; to?: string };

export function kpiQuery(s: Selection): KpiQuery {
  if (s.window === "custom") return { equipment: s.equipment, from: s.from ?? "", ...(s.to ? { to: s.to } : {}) };
  if (s.window === "day") {
    if (!s.date) return { equipment: s.equipment, window: "day" };
    const [y, m, d] = s.date.split("-").map(Number);
    return { equipment: s.equipment, window: "day", at: new Date(y!, m! - 1, d!, 12).toISOString() };
  }
  return { equipment: s.equipment, window: "shift", ...(s.at ? { at: s.at } : {}) };
}

// The shift or day before or after the one shown: an instant just outside the report's window.
export function neighbour(s: Selection, report: { window: { from: string; to: string } }, step: -1 | 1): Selection {
  const edge = Date.parse(step < 0 ? report.window.from : report.window.to);
  const at = new Date(edge + step * 60_000);
  if (s.window === "day") return { ...s, date: dateInput(at) };
  return { ...s, at: at.toISOString() };
}

// <input type="datetime-local"> and <input type="date"> values, in the browser's zone.
const pad = (n: number) => String(n).padStart(2, "0");
export function dateInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
export function localInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${dateInput(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export function fromLocalInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(v); // a datetime-local value without zone is local time
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// The trend's window: the `days` days up to the end of the selected window (the instant of a shift,
// the end of a day, a custom end), or now if sooner. Known without the report, so both load at once.
export function trendWindow(s: Selection, now: number): { from: string; to: string } {
  let end = now;
  if (s.window === "shift" && s.at) end = Date.parse(s.at);
  if (s.window === "custom" && s.to) end = Date.parse(s.to);
  if (s.window === "day" && s.date) {
    const [y, m, d] = s.date.split("-").map(Number);
    end = new Date(y!, m! - 1, d! + 1).getTime();
  }
  const to = Math.min(Number.isNaN(end) ? now : end, now);
  return { from: new Date(to - s.days * 86_400_000).toISOString(), to: new Date(to).toISOString() };
}

// ---- the loss waterfall ---------------------------------------------------------------------------

// A floating bar per step: totals and subtotals stand on zero, a loss hangs from the level before
// it down by its size. `base` + `size` is the bar's top; values in the unit given by `scale` (s).
export interface WaterfallBar {
  step: string;
  kind: WaterfallStep["kind"];
  base: number;
  size: number;
  seconds: number; // the step's own value (losses negative)
}

export function waterfallBars(steps: WaterfallStep[], scale = 3600): WaterfallBar[] {
  let level = 0;
  return steps.map((s) => {
    if (s.kind === "loss") {
      const size = Math.abs(s.s);
      level -= size;
      return { step: s.step, kind: s.kind, base: Math.max(0, level) / scale, size: size / scale, seconds: s.s };
    }
    level = s.s;
    return { step: s.step, kind: s.kind, base: 0, size: s.s / scale, seconds: s.s };
  });
}

// Hours for windows longer than three hours, else minutes.
export function timeScale(windowS: number): { scale: number; unit: "h" | "min" } {
  return windowS > 3 * 3600 ? { scale: 3600, unit: "h" } : { scale: 60, unit: "min" };
}

// ---- the downtime Pareto ----------------------------------------------------------------------------

export interface ParetoRow {
  label: string;
  kind: "reason" | "code" | "state";
  seconds: number;
  stops: number;
  share: number | null;
  cumulative: number | null;
}

// A state's name where the state models agree on it ("5" is Suspended in PackML), else none.
export function stateNames(models: { states: { code: string; name?: string }[] }[]): Map<string, string> {
  const names = new Map<string, Set<string>>();
  for (const m of models)
    for (const s of m.states) if (s.name && s.name !== s.code) names.set(s.code, (names.get(s.code) ?? new Set()).add(s.name));
  const out = new Map<string, string>();
  for (const [code, set] of names) if (set.size === 1) out.set(code, [...set][0]!);
  return out;
}

export function paretoRows(entries: ParetoEntry[], states: Map<string, string> = new Map()): ParetoRow[] {
  return entries.map((e) => {
    const kind = e.reason ? "reason" : e.code ? "code" : "state";
    const id = e.reason ?? e.code ?? e.state ?? "";
    const name = e.reason ? e.description : e.state ? states.get(e.state) : undefined;
    return {
      label: name ? `${name} (${id})` : id,
      kind,
      seconds: e.s,
      stops: e.stops,
      share: e.share ?? null,
      cumulative: e.cumulative_share ?? null,
    };
  });
}

// ---- the trend --------------------------------------------------------------------------------------

export interface TrendRow {
  from: string;
  to: string;
  shift: string | null;
  oee: number | null;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  good: number;
}

export function trendRows(t: KpiTrend): TrendRow[] {
  return t.periods.map((p) => ({
    from: p.from,
    to: p.to,
    shift: p.shift ?? null,
    oee: p.kpi.oee ?? null,
    availability: p.kpi.availability_iso ?? null,
    performance: p.kpi.effectiveness_iso ?? null,
    quality: p.kpi.quality_ratio ?? null,
    good: p.counts.good,
  }));
}

// A ratio as a percentage for a chart (null stays a gap).
export function percent(r: number | null | undefined): number | null {
  return r === null || r === undefined ? null : Math.round(r * 1000) / 10;
}

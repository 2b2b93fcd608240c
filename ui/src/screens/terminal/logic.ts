// The operator terminal's own logic, apart from the screen so that it is unit-tested: the andon's
// colours, grouping units by work center, what a scan means, quantities typed on a number pad,
// suggestions (output lot id, quantity to consume) and why a person may not run an operation.
import type { Schemas } from "../../lib/api";

export type Equipment = Schemas["Equipment"];
export type Person = Schemas["Person"];
export type Qualification = Schemas["Qualification"];
export type DowntimeReason = Schemas["DowntimeReason"];
export type Stop = Schemas["Stop"];
export type TimeElement = Schemas["MachineStatus"]["element"];

// ---- the andon ----------------------------------------------------------------------------------

// The colour class of a time element (ISO 22400): green producing, red down, amber waiting,
// violet setup, blue planned stop, grey without data. The classes are in terminal.css.
export function andonClass(element: TimeElement): string {
  switch (element) {
    case "APT":
      return "andon-run";
    case "ADET":
      return "andon-down";
    case "ADOT":
      return "andon-wait";
    case "ASUT":
      return "andon-setup";
    case "PDOT":
      return "andon-planned";
    default:
      return "andon-nodata";
  }
}

// The stop an operator is asked about: the one the unit is in now, else the newest one that ended
// without a reason. Intervals without data are not stops anyone can explain.
export function stopToClassify(stops: readonly Stop[]): { stop: Stop; open: boolean } | null {
  const newest = stops.find((s) => s.element !== "NODATA" && s.element !== "APT");
  if (!newest) return null;
  if (newest.end === null) return { stop: newest, open: true };
  if (newest.classified_by === "none") return { stop: newest, open: false };
  return null;
}

// Downtime reasons as a tree walked depth first (parents before their children, by id), each with
// its depth, so that a flat grid of buttons reads as the tree.
export function reasonTree(reasons: readonly DowntimeReason[]): { reason: DowntimeReason; depth: number }[] {
  const active = reasons.filter((r) => !r.retired);
  const ids = new Set(active.map((r) => r.id));
  const children = new Map<string, DowntimeReason[]>();
  for (const r of active) {
    const parent = r.parent && ids.has(r.parent) ? r.parent : "";
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: { reason: DowntimeReason; depth: number }[] = [];
  const walk = (parent: string, depth: number) => {
    for (const r of [...(children.get(parent) ?? [])].sort((a, b) => a.id.localeCompare(b.id))) {
      out.push({ reason: r, depth });
      if (depth < 16) walk(r.id, depth + 1);
    }
  };
  walk("", 0);
  return out;
}

// ---- the equipment hierarchy --------------------------------------------------------------------

export interface UnitGroup {
  center: Equipment;
  path: string; // site and area above it, for the heading
  units: Equipment[];
}

// Active work units grouped under their work centers, in the hierarchy's order (site, area, work
// center, unit by id).
export function groupUnits(equipment: readonly Equipment[]): UnitGroup[] {
  const byId = new Map(equipment.map((e) => [e.id, e]));
  const groups = new Map<string, UnitGroup>();
  for (const u of equipment) {
    if (u.level !== "work_unit" || u.retired || !u.parent) continue;
    const center = byId.get(u.parent);
    if (!center) continue;
    let g = groups.get(center.id);
    if (!g) {
      const above: string[] = [];
      for (
        let p = center.parent ? byId.get(center.parent) : undefined;
        p && above.length < 8;
        p = p.parent ? byId.get(p.parent) : undefined
      )
        if (p.level === "site" || p.level === "area") above.unshift(p.description || p.id);
      g = { center, path: above.join(" › "), units: [] };
      groups.set(center.id, g);
    }
    g.units.push(u);
  }
  const key = (g: UnitGroup) => `${g.path}\u0000${g.center.id}`;
  const out = [...groups.values()].sort((a, b) => key(a).localeCompare(key(b)));
  for (const g of out) g.units.sort((a, b) => a.id.localeCompare(b.id));
  return out;
}

// The site a node belongs to (itself if a site), or "".
export function siteOf(id: string, byId: ReadonlyMap<string, Equipment>): string {
  for (let e = byId.get(id), n = 0; e && n < 16; e = e.parent ? byId.get(e.parent) : undefined, n++)
    if (e.level === "site") return e.id;
  return "";
}

// Active storage (zones and units) at a site: where output lots may be put.
export function storageAt(site: string, equipment: readonly Equipment[]): Equipment[] {
  const byId = new Map(equipment.map((e) => [e.id, e]));
  return equipment
    .filter((e) => !e.retired && (e.level === "storage_unit" || e.level === "storage_zone") && siteOf(e.id, byId) === site)
    .sort((a, b) => a.id.localeCompare(b.id));
}

// ---- scans ----------------------------------------------------------------------------------------

export type ScanKind = "person" | "order" | "lot";

// A scanned code is a badge if a person has it as id, an order if the list shows that order, and
// otherwise a lot (the server says if there is none).
export function scanKind(code: string, persons: ReadonlySet<string>, orders: ReadonlySet<string>): ScanKind {
  if (persons.has(code)) return "person";
  if (orders.has(code)) return "order";
  return "lot";
}

// ---- quantities on a number pad -------------------------------------------------------------------

export type PadKey = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "." | "back" | "clear";

// The text of a quantity field after one key of the pad: digits, one decimal separator (either
// "." or ","), at most 12 characters.
export function applyKey(text: string, key: PadKey): string {
  if (key === "clear") return "";
  if (key === "back") return text.slice(0, -1);
  if (text.length >= 12) return text;
  if (key === ".") {
    if (/[.,]/.test(text)) return text;
    return (text === "" ? "0" : text) + ".";
  }
  if (text === "0") return key;
  return text + key;
}

// A quantity as typed ("12", "2.5", "2,5", " 3 "): the number, null when empty, NaN when not a
// plain non-negative decimal.
export function parseQuantity(text: string): number | null {
  const t = text.trim().replace(",", ".");
  if (t === "") return null;
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return Number.NaN;
  return Number(t);
}

// Rounds to a millionth, the exactness Takt keeps quantities at, dropping float noise.
export function roundQuantity(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

// ---- suggestions ----------------------------------------------------------------------------------

// The id Takt would give the next output lot: "{order}" and "{seq}" (4 digits) replaced.
export function suggestOutputId(pattern: string, order: string, nextOutput: number): string {
  const seq = String(nextOutput).padStart(4, "0");
  return (pattern || "{order}-{seq}").split("{order}").join(order).split("{seq}").join(seq);
}

export interface NeedLine {
  material: string;
  required: number;
  consumed: number;
  uom: string;
  backflush: boolean;
}

// What to consume of a scanned lot when the operator typed no quantity: what the operation still
// needs of the lot's material, at most what the lot holds (a backflushed line too: the operator
// names the lot, and completion backflushes only the rest). Null when the operation needs none of
// it (another material, or already consumed in full).
export function suggestConsumption(needs: readonly NeedLine[], lot: { material: string; quantity: number }): number | null {
  const need = needs.find((n) => n.material === lot.material);
  if (!need) return null;
  const open = roundQuantity(need.required - need.consumed);
  if (open <= 0 || lot.quantity <= 0) return null;
  return Math.min(open, lot.quantity);
}

// ---- qualifications -------------------------------------------------------------------------------

export type Lack =
  { kind: "missing" } | { kind: "failed"; date: string } | { kind: "expired"; date: string } | { kind: "future"; date: string };

// Why `person` may not run an operation needing `qualification` at `now`, or null if they may. The
// server decides (this is a hint shown beside names); it follows the same rule: the latest test
// taken by now decides, a pass lasts until its expiry or the qualification's validity_days.
export function lacksQualification(
  person: Person,
  qualification: string,
  validityDays: number | null | undefined,
  now: Date,
): Lack | null {
  if (!qualification) return null;
  const t = now.getTime();
  let latest: Schemas["QualificationResult"] | null = null;
  let firstFuture: string | null = null;
  for (const q of person.qualifications ?? []) {
    if (q.qualification !== qualification) continue;
    const at = Date.parse(q.tested_at);
    if (at > t) {
      if ((q.result ?? "pass") === "pass" && (!firstFuture || at < Date.parse(firstFuture))) firstFuture = q.tested_at;
    } else if (!latest || at >= Date.parse(latest.tested_at)) {
      latest = q;
    }
  }
  if (!latest) return firstFuture ? { kind: "future", date: firstFuture } : { kind: "missing" };
  if ((latest.result ?? "pass") === "fail") return { kind: "failed", date: latest.tested_at };
  let end: number | null = null;
  if (latest.expires_at) end = Date.parse(latest.expires_at);
  else if (validityDays) end = Date.parse(latest.tested_at) + validityDays * 86_400_000;
  if (end !== null && end <= t) return { kind: "expired", date: new Date(end).toISOString() };
  return null;
}

// The crew member a refusal names: the server's field is "operators[i]".
export function refusedMember(field: string | null | undefined, crew: readonly string[]): string | null {
  const m = /^operators\[(\d+)\]$/.exec(field ?? "");
  return m ? (crew[Number(m[1])] ?? null) : null;
}

// The inventory screens' own logic, kept apart from the components so that it is unit-tested:
// lot statuses and movement kinds as words, running stock over a lot's movements, quantities
// with their unit, and the server's or the form's errors by field.
import { formatNumber, lang } from "../../i18n";
import { ApiFailure, type Schemas } from "../../lib/api";
import { ti } from "./catalogue";

export type LotStatus = Schemas["MaterialLot"]["status"];
export type Movement = Schemas["LotMovement"];
export type MovementKind = Movement["kind"];

export const lotStatuses: readonly LotStatus[] = [
  "available",
  "on_hold",
  "quarantine",
  "expired",
  "consumed",
  "shipped",
  "scrapped",
  "depleted",
];

// A status's words; an unknown one (a newer server) reads as sent.
export function lotStatusName(status: string): string {
  switch (status) {
    case "available":
      return ti("st_available");
    case "on_hold":
      return ti("st_on_hold");
    case "quarantine":
      return ti("st_quarantine");
    case "expired":
      return ti("st_expired");
    case "consumed":
      return ti("st_consumed");
    case "shipped":
      return ti("st_shipped");
    case "scrapped":
      return ti("st_scrapped");
    case "depleted":
      return ti("st_depleted");
    case "containment":
      return ti("st_containment");
    default:
      return status;
  }
}

// Whether a lot in this status may be used (consumed, shipped): only an available one.
export function usable(status: string): boolean {
  return status === "available";
}

// Whether a lot in this status still has stock (the others say what took the last out).
export function hasStock(status: string): boolean {
  return status === "available" || status === "on_hold" || status === "quarantine" || status === "expired";
}

const kindKeys = {
  received: "mv_received",
  produced: "mv_produced",
  moved: "mv_moved",
  counted: "mv_counted",
  adjusted: "mv_adjusted",
  scrapped: "mv_scrapped",
  shipped: "mv_shipped",
  consumed: "mv_consumed",
  held: "mv_held",
  released: "mv_released",
  contained: "mv_contained",
  containment_released: "mv_containment_released",
  status_changed: "mv_status_changed",
  record_updated: "mv_record_updated",
} as const satisfies Record<MovementKind, string>;

export function movementName(kind: MovementKind): string {
  const key = kindKeys[kind];
  return key ? ti(key) : kind;
}

// A quantity with its unit, in the user's language: "1 250 kg".
export function quantityText(q: number | null | undefined, uom: string, digits = 3): string {
  if (q === null || q === undefined) return "–";
  return `${formatNumber(q, digits)} ${uom}`;
}

// A signed change: "+100", "−20" (a true minus sign), "0".
export function signedText(q: number | null | undefined, digits = 3): string {
  if (q === null || q === undefined) return "";
  const n = formatNumber(Math.abs(q), digits);
  return q > 0 ? `+${n}` : q < 0 ? `\u2212${n}` : n;
}

// The lot's stock after each movement, oldest first, from `start` (0 for a history read from its
// first movement). A move keeps the stock; holds and cases carry no quantity.
export function runningStock(movements: readonly Movement[], start = 0): number[] {
  let stock = start;
  return movements.map((m) => {
    if (m.kind !== "moved" && m.quantity !== null && m.quantity !== undefined) stock = round(stock + m.quantity);
    return stock;
  });
}

// Sums of decimal quantities drift in binary (0.1 + 0.2); lots are kept to the micro-unit.
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

// Errors to show at a form's fields: the server's (its `field`, "lots[0]" shown at "lots",
// "properties[0].value" at "properties"), or a message for the form as a whole under "".
export type FieldErrors = Record<string, string>;

export function fieldOf(path: string | null | undefined): string {
  if (!path) return "";
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path);
  return m ? m[0] : "";
}

export function serverErrors(error: unknown, fields: readonly string[]): FieldErrors {
  if (error instanceof ApiFailure) {
    const f = fieldOf(error.error.field);
    return { [fields.includes(f) ? f : ""]: error.error.message };
  }
  return { "": error instanceof Error ? error.message : String(error) };
}

// What a form checks before it asks the server: required fields filled, quantities positive.
export function required(values: Record<string, string>, names: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const n of names) if (!values[n]?.trim()) out[n] = ti("required");
  return out;
}

// A number as typed, with a decimal point or comma; null when it is not one. Ranges are the
// server's to judge (it names the field).
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(",", ".");
  const n = Number(t);
  return t !== "" && Number.isFinite(n) ? n : null;
}

// A date without its time ("1 Nov 2031", "1 nov. 2031"), for expiry dates.
export function dateText(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang.value === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium" }).format(d);
}

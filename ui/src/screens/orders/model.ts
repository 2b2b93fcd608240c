// The work orders screens' own logic, free of the DOM: the list's state as a URL query and as the
// API's filters, sorting, lateness and progress, and the validation of the forms' drafts. Texts are
// catalogue keys, so that the screens say them in the user's language.
import type { Schemas } from "../../lib/api";

export type Order = Schemas["WorkOrder"];
export type OrderStatus = Order["status"];
export type Projection = Schemas["OrderProjection"];

// In lifecycle order: the order of the status filter and of sorting by status.
export const statuses: readonly OrderStatus[] = [
  "created",
  "released",
  "in_progress",
  "on_hold",
  "completed",
  "closed",
  "cancelled",
];

// ---- the list's state ----------------------------------------------------------------------------

export interface Filters {
  status: OrderStatus | "";
  site: string;
  product: string; // a product definition
  dueFrom: string; // a day, YYYY-MM-DD, in the browser's zone
  dueTo: string; // a day, included
  q: string; // text in the id or description
}

export const sortKeys = ["id", "status", "product", "quantity", "due", "priority", "progress"] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDir = "asc" | "desc";

export interface ListState extends Filters {
  sort: SortKey;
  dir: SortDir;
}

// Most urgent first: what a planner opens the list for.
export const defaultList: ListState = {
  status: "",
  site: "",
  product: "",
  dueFrom: "",
  dueTo: "",
  q: "",
  sort: "due",
  dir: "asc",
};

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

// The list's state from the page's query (/orders?status=released&sort=priority...); whatever
// is unknown or malformed falls back to the default, so an old bookmark still opens.
export function parseListState(query: Record<string, string | undefined>): ListState {
  const s: ListState = { ...defaultList };
  const status = query.status ?? "";
  if ((statuses as readonly string[]).includes(status)) s.status = status as OrderStatus;
  s.site = query.site?.trim() ?? "";
  s.product = query.product?.trim() ?? "";
  if (query.due_from && dayPattern.test(query.due_from)) s.dueFrom = query.due_from;
  if (query.due_to && dayPattern.test(query.due_to)) s.dueTo = query.due_to;
  s.q = query.q?.trim() ?? "";
  if ((sortKeys as readonly string[]).includes(query.sort ?? "")) s.sort = query.sort as SortKey;
  if (query.dir === "asc" || query.dir === "desc") s.dir = query.dir;
  return s;
}

// The page's query for a state, without what is at its default ("" when all is).
export function listQueryString(s: ListState): string {
  const p = new URLSearchParams();
  if (s.status) p.set("status", s.status);
  if (s.site) p.set("site", s.site);
  if (s.product) p.set("product", s.product);
  if (s.dueFrom) p.set("due_from", s.dueFrom);
  if (s.dueTo) p.set("due_to", s.dueTo);
  if (s.q) p.set("q", s.q);
  if (s.sort !== defaultList.sort || s.dir !== defaultList.dir) {
    p.set("sort", s.sort);
    p.set("dir", s.dir);
  }
  const text = p.toString();
  return text ? `?${text}` : "";
}

export function hasFilters(f: Filters): boolean {
  return Boolean(f.status || f.site || f.product || f.dueFrom || f.dueTo || f.q);
}

// The start of a day (YYYY-MM-DD) in the browser's zone, `plusDays` later, as an ISO instant.
export function dayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

export interface OrderQuery {
  status?: OrderStatus;
  site?: string;
  product_definition?: string;
  due_from?: string;
  due_to?: string;
  q?: string;
}

// The API's filters for the list: the due days become instants of the plant's (the browser's)
// zone, the last day included (the API's due_to is exclusive).
export function apiQuery(f: Filters): OrderQuery {
  const q: OrderQuery = {};
  if (f.status) q.status = f.status;
  if (f.site) q.site = f.site;
  if (f.product) q.product_definition = f.product;
  if (f.dueFrom) q.due_from = dayStart(f.dueFrom);
  if (f.dueTo) q.due_to = dayStart(f.dueTo, 1);
  if (f.q) q.q = f.q;
  return q;
}

// A range that ends before it starts, said at its end (as the API does).
export function checkFilters(f: Filters): { dueTo?: MessageKey } {
  return f.dueFrom && f.dueTo && f.dueTo < f.dueFrom ? { dueTo: "err_range" } : {};
}

// ---- what the list shows -----------------------------------------------------------------------

export function isOpen(o: Pick<Order, "status">): boolean {
  return o.status !== "completed" && o.status !== "closed" && o.status !== "cancelled";
}

export type Lateness = "late" | "finished_late" | null;

// An open order past its due date is late; a finished one that completed after it finished late.
export function lateness(o: Pick<Order, "status" | "due" | "completed_at">, now: Date): Lateness {
  const due = Date.parse(o.due);
  if (Number.isNaN(due)) return null;
  if (isOpen(o)) return due < now.getTime() ? "late" : null;
  if (o.completed_at && Date.parse(o.completed_at) > due) return "finished_late";
  return null;
}

// How far the order's work is, 0 to 1: each operation counts as done when completed, else by
// what it reported (good and scrap) against the order's quantity; a cancelled order's stays
// where it stopped.
export function progress(o: Pick<Order, "quantity" | "operations">): number {
  if (o.operations.length === 0 || !(o.quantity > 0)) return 0;
  let sum = 0;
  for (const op of o.operations) sum += op.status === "completed" ? 1 : Math.min(1, (op.good + op.scrap) / o.quantity);
  return sum / o.operations.length;
}

type Operation = Order["operations"][number];

// An operation's machine and labour time up to `now`, in seconds: what it recorded, plus the time
// since its last start or resume while it runs (times its crew for labour).
export function timesNow(
  op: Pick<Operation, "status" | "machine_time_s" | "labour_time_s" | "running_since" | "crew">,
  now: Date,
): { machine: number; labour: number } {
  const since = op.status === "running" && op.running_since ? Date.parse(op.running_since) : NaN;
  const run = Number.isNaN(since) ? 0 : Math.max(0, (now.getTime() - since) / 1000);
  return { machine: op.machine_time_s + run, labour: op.labour_time_s + run * op.crew.length };
}

export function operationsDone(o: Pick<Order, "operations">): number {
  return o.operations.filter((op) => op.status === "completed").length;
}

function compare(a: Order, b: Order, key: SortKey): number {
  switch (key) {
    case "id":
      return 0;
    case "status":
      return statuses.indexOf(a.status) - statuses.indexOf(b.status);
    case "product":
      return a.product.localeCompare(b.product);
    case "quantity":
      return a.quantity - b.quantity;
    case "due":
      return Date.parse(a.due) - Date.parse(b.due);
    case "priority":
      return a.priority - b.priority;
    case "progress":
      return progress(a) - progress(b);
  }
}

// A sorted copy; ties (and sorting by id) go by id, in the same direction.
export function sortOrders(list: readonly Order[], key: SortKey, dir: SortDir): Order[] {
  const sign = dir === "asc" ? 1 : -1;
  const byId = (a: Order, b: Order) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...list].sort((a, b) => sign * (compare(a, b, key) || byId(a, b)));
}

// Clicking a column: the same column flips its direction, another starts ascending.
export function nextSort(s: Pick<ListState, "sort" | "dir">, key: SortKey): Pick<ListState, "sort" | "dir"> {
  return s.sort === key ? { sort: key, dir: s.dir === "asc" ? "desc" : "asc" } : { sort: key, dir: "asc" };
}

// Adds a page to what the list holds, an order once (a refresh may overlap a page).
export function mergePage(held: readonly Order[], page: readonly Order[]): Order[] {
  const byId = new Map(held.map((o) => [o.id, o]));
  for (const o of page) byId.set(o.id, o);
  return [...byId.values()];
}

// ---- forms ---------------------------------------------------------------------------------------

// Validation messages, as keys of the screens' catalogue.
export type MessageKey =
  | "err_required"
  | "err_id"
  | "err_quantity"
  | "err_priority"
  | "err_date"
  | "err_start_after_due"
  | "err_tolerance"
  | "err_range"
  | "err_nothing_to_change";

export type Errors<F extends string> = Partial<Record<F, MessageKey>>;

const idPattern = /^[A-Za-z0-9._:-]{1,64}$/;

// A decimal as people type it: "12.5", or "12,5" where the comma is the decimal separator (French);
// spaces may separate thousands. Elsewhere a comma is refused rather than guessed ("1,000").
export function parseDecimal(text: string, decimalComma = false): number | null {
  let t = text.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (decimalComma) t = t.replace(",", ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  return Number(t);
}

// Digits after the decimal separator (quantities are exact to a millionth).
function decimals(text: string): number {
  const m = /[.,](\d*)\s*$/.exec(text.trim());
  return m ? m[1]!.length : 0;
}

// A datetime-local value (the browser's zone) as an ISO instant; null if it is not one.
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// An ISO instant as a datetime-local value in the browser's zone (to the minute).
export function isoToLocal(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function parsePriority(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 1000 ? n : null;
}

export interface CreateDraft {
  id: string;
  description: string;
  product_definition: string;
  quantity: string;
  due: string; // datetime-local
  earliest_start: string; // datetime-local, may be empty
  priority: string;
  site: string;
  tolerance: string; // percent, may be empty
}
export type CreateField = keyof CreateDraft;
export type CreateBody = Schemas["CreateWorkOrder"];

// The request for a draft, or what is wrong with it, field by field. The server checks the
// rest (the product definition and site exist, the id is new) and its answer goes to the field.
export function validateCreate(d: CreateDraft, decimalComma = false): { body?: CreateBody; errors: Errors<CreateField> } {
  const errors: Errors<CreateField> = {};
  const id = d.id.trim();
  if (!id) errors.id = "err_required";
  else if (!idPattern.test(id)) errors.id = "err_id";
  if (!d.product_definition) errors.product_definition = "err_required";
  if (!d.site) errors.site = "err_required";
  const quantity = parseDecimal(d.quantity, decimalComma);
  if (!d.quantity.trim()) errors.quantity = "err_required";
  else if (quantity === null || !(quantity > 0) || decimals(d.quantity) > 6) errors.quantity = "err_quantity";
  const due = localToIso(d.due);
  if (!d.due) errors.due = "err_required";
  else if (!due) errors.due = "err_date";
  const start = d.earliest_start ? localToIso(d.earliest_start) : null;
  if (d.earliest_start && !start) errors.earliest_start = "err_date";
  else if (start && due && start > due) errors.earliest_start = "err_start_after_due";
  const priority = d.priority.trim() ? parsePriority(d.priority) : 500;
  if (priority === null) errors.priority = "err_priority";
  const tolerance = d.tolerance.trim() ? parseDecimal(d.tolerance, decimalComma) : 0;
  if (tolerance === null || tolerance < 0 || tolerance > 100) errors.tolerance = "err_tolerance";
  if (Object.keys(errors).length > 0) return { errors };
  const body: CreateBody = {
    id,
    product_definition: d.product_definition,
    quantity: quantity!,
    due: due!,
    priority: priority!,
    site: d.site,
  };
  if (d.description.trim()) body.description = d.description.trim();
  if (start) body.earliest_start = start;
  if (tolerance) body.tolerance = Math.round(tolerance * 100) / 10000; // percent to a fraction, 0.01 % steps
  return { body, errors };
}

export interface RescheduleDraft {
  due: string; // datetime-local
  priority: string;
  earliest_start: string; // datetime-local; empty clears it
  reason: string;
}
export type RescheduleField = keyof RescheduleDraft;
export type RescheduleBody = Schemas["RescheduleWorkOrder"];

export function rescheduleDraft(o: Pick<Order, "due" | "priority" | "earliest_start">): RescheduleDraft {
  return { due: isoToLocal(o.due), priority: String(o.priority), earliest_start: isoToLocal(o.earliest_start), reason: "" };
}

// Only what changed goes to the server; nothing changed is an error at the due date.
export function validateReschedule(
  d: RescheduleDraft,
  o: Pick<Order, "due" | "priority" | "earliest_start">,
): { body?: RescheduleBody; errors: Errors<RescheduleField> } {
  const errors: Errors<RescheduleField> = {};
  const due = localToIso(d.due);
  if (!d.due) errors.due = "err_required";
  else if (!due) errors.due = "err_date";
  const priority = parsePriority(d.priority);
  if (!d.priority.trim()) errors.priority = "err_required";
  else if (priority === null) errors.priority = "err_priority";
  const start = d.earliest_start ? localToIso(d.earliest_start) : null;
  if (d.earliest_start && !start) errors.earliest_start = "err_date";
  else if (start && due && start > due) errors.earliest_start = "err_start_after_due";
  if (!d.reason.trim()) errors.reason = "err_required";
  if (Object.keys(errors).length > 0) return { errors };
  const body: RescheduleBody = { reason: d.reason.trim() };
  if (d.due !== isoToLocal(o.due)) body.due = due!;
  if (priority !== o.priority) body.priority = priority!;
  if (d.earliest_start !== isoToLocal(o.earliest_start)) body.earliest_start = start; // null clears it
  if (body.due === undefined && body.priority === undefined && body.earliest_start === undefined)
    return { errors: { due: "err_nothing_to_change" } };
  return { body, errors };
}

// ---- actions ---------------------------------------------------------------------------------------

export type Action = "release" | "hold" | "resume" | "reschedule" | "cancel" | "close";

// What the server allows from each status (plant/production/orders.cc, CanMove).
export function actionsFor(status: OrderStatus): Action[] {
  switch (status) {
    case "created":
      return ["release", "hold", "reschedule", "cancel"];
    case "released":
    case "in_progress":
      return ["hold", "reschedule", "cancel"];
    case "on_hold":
      return ["resume", "reschedule", "cancel"];
    case "completed":
      return ["close"];
    case "closed":
    case "cancelled":
      return [];
  }
}

// Hold and cancel need a reason; resume and close may give one; release takes none.
export function needsReason(a: Action): boolean {
  return a === "hold" || a === "cancel" || a === "reschedule";
}

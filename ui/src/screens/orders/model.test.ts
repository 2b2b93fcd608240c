import { describe, expect, it, vi } from "vitest";
import {
  actionsFor,
  apiQuery,
  checkFilters,
  dayStart,
  defaultList,
  isoToLocal,
  lateness,
  listQueryString,
  localToIso,
  mergePage,
  nextSort,
  type Order,
  parseDecimal,
  parseListState,
  progress,
  sortOrders,
  timesNow,
  validateCreate,
  validateReschedule,
  type CreateDraft,
} from "./model";

// The plant is in Lyon: days and local times are the browser's, here Paris (UTC+1 in winter).
vi.stubEnv("TZ", "Europe/Paris");

type Op = Order["operations"][number];

function op(status: Op["status"], good = 0, scrap = 0): Op {
  return { status, good, scrap } as Op;
}

function order(o: Partial<Order> & { id: string }): Order {
  return {
    description: "",
    product_definition: "PD",
    product: "P",
    uom: "pcs",
    site: "LYON",
    quantity: 10,
    tolerance: 0,
    due: "2026-12-10T08:00:00Z",
    earliest_start: null,
    priority: 500,
    output_pattern: "{order}-{seq}",
    status: "released",
    held_from: "created",
    status_reason: "",
    produced: 0,
    next_output: 1,
    outputs: [],
    created_at: "2026-12-01T08:00:00Z",
    created_by: "user:sup",
    released_at: null,
    started_at: null,
    completed_at: null,
    closed_at: null,
    operations: [],
    materials: [],
    inputs: [],
    ...o,
  } as Order;
}

describe("the list's state in the address", () => {
  it("defaults to every order, most urgent due first", () => {
    expect(parseListState({})).toEqual(defaultList);
    expect(listQueryString(defaultList)).toBe("");
  });
  it("reads and writes every filter and the sort, and round-trips", () => {
    const s = parseListState({
      status: "on_hold",
      site: "LYON",
      product: "PD-SHAFT-20",
      due_from: "2026-12-01",
      due_to: "2026-12-07",
      q: " 2611 ",
      sort: "priority",
      dir: "desc",
    });
    expect(s).toEqual({
      status: "on_hold",
      site: "LYON",
      product: "PD-SHAFT-20",
      dueFrom: "2026-12-01",
      dueTo: "2026-12-07",
      q: "2611",
      sort: "priority",
      dir: "desc",
    });
    const text = listQueryString(s);
    expect(text).toBe("?status=on_hold&site=LYON&product=PD-SHAFT-20&due_from=2026-12-01&due_to=2026-12-07&q=2611&sort=priority&dir=desc");
    expect(parseListState(Object.fromEntries(new URLSearchParams(text)))).toEqual(s);
  });
  it("ignores what it does not know, so an old or mangled link still opens", () => {
    expect(parseListState({ status: "lost", due_from: "tomorrow", sort: "colour", dir: "up" })).toEqual(defaultList);
  });
});

describe("the API's filters", () => {
  it("sends the due days as the plant's midnights, the last day included", () => {
    expect(dayStart("2026-12-05")).toBe("2026-12-04T23:00:00.000Z");
    expect(dayStart("2026-06-30", 1)).toBe("2026-06-30T22:00:00.000Z"); // summer time, across a month
    expect(apiQuery({ ...defaultList, dueFrom: "2026-12-01", dueTo: "2026-12-07" })).toEqual({
      due_from: "2026-11-30T23:00:00.000Z",
      due_to: "2026-12-07T23:00:00.000Z",
    });
  });
  it("names the product definition as the API does, and leaves out what is not set", () => {
    expect(apiQuery({ ...defaultList, status: "released", site: "LYON", product: "PD-1", q: "WO" })).toEqual({
      status: "released",
      site: "LYON",
      product_definition: "PD-1",
      q: "WO",
    });
    expect(apiQuery(defaultList)).toEqual({});
  });
  it("refuses a range that ends before it starts, at its end; one day is a range", () => {
    expect(checkFilters({ ...defaultList, dueFrom: "2026-12-07", dueTo: "2026-12-01" })).toEqual({ dueTo: "err_range" });
    expect(checkFilters({ ...defaultList, dueFrom: "2026-12-07", dueTo: "2026-12-07" })).toEqual({});
  });
});

describe("lateness", () => {
  const now = new Date("2026-12-10T12:00:00Z");
  it("marks an open order past its due date late, whatever its status", () => {
    for (const status of ["created", "released", "in_progress", "on_hold"] as const)
      expect(lateness(order({ id: "A", status, due: "2026-12-10T11:59:00Z" }), now)).toBe("late");
    expect(lateness(order({ id: "A", due: "2026-12-10T12:01:00Z" }), now)).toBeNull();
  });
  it("marks a finished order that completed after its due date, not a cancelled one", () => {
    const due = "2026-12-09T08:00:00Z";
    expect(lateness(order({ id: "A", status: "completed", due, completed_at: "2026-12-09T09:00:00Z" }), now)).toBe(
      "finished_late",
    );
    expect(lateness(order({ id: "A", status: "closed", due, completed_at: "2026-12-09T07:00:00Z" }), now)).toBeNull();
    expect(lateness(order({ id: "A", status: "cancelled", due }), now)).toBeNull();
  });
});

describe("progress", () => {
  it("counts completed operations whole and others by what they reported", () => {
    expect(progress(order({ id: "A", operations: [op("completed", 8, 2), op("running", 4, 1), op("pending")] }))).toBeCloseTo(
      (1 + 0.5 + 0) / 3,
    );
  });
  it("never passes an operation's share, and is 0 without operations", () => {
    expect(progress(order({ id: "A", quantity: 10, operations: [op("running", 30)] }))).toBe(1);
    expect(progress(order({ id: "A", operations: [] }))).toBe(0);
  });
});

describe("an operation's times", () => {
  const now = new Date("2026-12-10T12:00:00Z");
  it("adds the time since a running operation's last start, times its crew for labour", () => {
    const op = { status: "running" as const, machine_time_s: 600, labour_time_s: 600, running_since: "2026-12-10T11:30:00Z", crew: ["A", "B"] };
    expect(timesNow(op, now)).toEqual({ machine: 600 + 1800, labour: 600 + 3600 });
  });
  it("adds nothing to a paused or completed one", () => {
    const op = { status: "paused" as const, machine_time_s: 600, labour_time_s: 900, running_since: null, crew: ["A"] };
    expect(timesNow(op, now)).toEqual({ machine: 600, labour: 900 });
  });
});

describe("sorting", () => {
  const list = [
    order({ id: "WO-3", due: "2026-12-03T00:00:00Z", priority: 100, status: "on_hold", quantity: 5 }),
    order({ id: "WO-1", due: "2026-12-05T00:00:00Z", priority: 900, status: "created", quantity: 50 }),
    order({ id: "WO-2", due: "2026-12-03T00:00:00Z", priority: 100, status: "in_progress", quantity: 20 }),
  ];
  const ids = (l: Order[]) => l.map((o) => o.id);
  it("sorts by due date with ties by id, in either direction, without touching the input", () => {
    expect(ids(sortOrders(list, "due", "asc"))).toEqual(["WO-2", "WO-3", "WO-1"]);
    expect(ids(sortOrders(list, "due", "desc"))).toEqual(["WO-1", "WO-3", "WO-2"]);
    expect(ids(list)).toEqual(["WO-3", "WO-1", "WO-2"]);
  });
  it("sorts statuses in lifecycle order, numbers as numbers", () => {
    expect(ids(sortOrders(list, "status", "asc"))).toEqual(["WO-1", "WO-2", "WO-3"]);
    expect(ids(sortOrders(list, "quantity", "desc"))).toEqual(["WO-1", "WO-2", "WO-3"]);
    expect(ids(sortOrders(list, "priority", "asc"))).toEqual(["WO-2", "WO-3", "WO-1"]);
    expect(ids(sortOrders(list, "id", "desc"))).toEqual(["WO-3", "WO-2", "WO-1"]);
  });
  it("flips the direction of the same column, starts another ascending", () => {
    expect(nextSort({ sort: "due", dir: "asc" }, "due")).toEqual({ sort: "due", dir: "desc" });
    expect(nextSort({ sort: "due", dir: "desc" }, "priority")).toEqual({ sort: "priority", dir: "asc" });
  });
  it("holds an order once when pages overlap, with its newest state", () => {
    const merged = mergePage(list, [order({ id: "WO-2", status: "completed" }), order({ id: "WO-4" })]);
    expect(ids(merged)).toEqual(["WO-3", "WO-1", "WO-2", "WO-4"]);
    expect(merged.find((o) => o.id === "WO-2")?.status).toBe("completed");
  });
});

describe("numbers and times as typed", () => {
  it("reads a decimal comma only where it is the separator", () => {
    expect(parseDecimal("12,5", true)).toBe(12.5);
    expect(parseDecimal("12.5", true)).toBe(12.5);
    expect(parseDecimal("1 250,75", true)).toBe(1250.75);
    expect(parseDecimal("1,000")).toBeNull();
    expect(parseDecimal("12.5")).toBe(12.5);
    expect(parseDecimal("twelve")).toBeNull();
    expect(parseDecimal("")).toBeNull();
  });
  it("turns local date-times into instants and back", () => {
    expect(localToIso("2026-12-05T16:00")).toBe("2026-12-05T15:00:00.000Z");
    expect(localToIso("2026-12-05")).toBeNull();
    expect(isoToLocal("2026-12-05T15:00:00Z")).toBe("2026-12-05T16:00");
    expect(isoToLocal(null)).toBe("");
  });
});

describe("the new order form", () => {
  const good: CreateDraft = {
    id: " WO-2612-001 ",
    description: " Shafts ",
    product_definition: "PD-SHAFT-20",
    quantity: "40",
    due: "2026-12-12T16:00",
    earliest_start: "",
    priority: "",
    site: "LYON",
    tolerance: "",
  };
  it("makes the request from a complete draft: trimmed, local times as instants, default priority", () => {
    const v = validateCreate(good);
    expect(v.errors).toEqual({});
    expect(v.body).toEqual({
      id: "WO-2612-001",
      description: "Shafts",
      product_definition: "PD-SHAFT-20",
      quantity: 40,
      due: "2026-12-12T15:00:00.000Z",
      priority: 500,
      site: "LYON",
    });
  });
  it("gives the tolerance as a fraction and the earliest start when set", () => {
    const v = validateCreate({ ...good, tolerance: "5", earliest_start: "2026-12-08T06:00", quantity: "12,5" }, true);
    expect(v.body).toMatchObject({ tolerance: 0.05, earliest_start: "2026-12-08T05:00:00.000Z", quantity: 12.5 });
  });
  it("says what is wrong at each field and makes no request", () => {
    const v = validateCreate({
      id: "WO 1",
      description: "",
      product_definition: "",
      quantity: "0",
      due: "",
      earliest_start: "soon",
      priority: "1001",
      site: "",
      tolerance: "150",
    });
    expect(v.body).toBeUndefined();
    expect(v.errors).toEqual({
      id: "err_id",
      product_definition: "err_required",
      quantity: "err_quantity",
      due: "err_required",
      earliest_start: "err_date",
      priority: "err_priority",
      site: "err_required",
      tolerance: "err_tolerance",
    });
  });
  it("refuses an empty id, a quantity finer than a millionth, a priority that is not whole, a start after the due date", () => {
    expect(validateCreate({ ...good, id: "  " }).errors.id).toBe("err_required");
    expect(validateCreate({ ...good, quantity: "1.0000001" }).errors.quantity).toBe("err_quantity");
    expect(validateCreate({ ...good, quantity: "-3" }).errors.quantity).toBe("err_quantity");
    expect(validateCreate({ ...good, quantity: "1.1" }).errors.quantity).toBeUndefined();
    expect(validateCreate({ ...good, priority: "2.5" }).errors.priority).toBe("err_priority");
    expect(validateCreate({ ...good, priority: "0" }).errors.priority).toBe("err_priority");
    expect(validateCreate({ ...good, earliest_start: "2026-12-13T08:00" }).errors.earliest_start).toBe("err_start_after_due");
    expect(validateCreate({ ...good, id: "x".repeat(65) }).errors.id).toBe("err_id");
  });
});

describe("rescheduling", () => {
  const o = order({ id: "WO-1", due: "2026-12-12T15:00:00Z", priority: 300, earliest_start: "2026-12-08T05:00:00Z" });
  const draft = { due: "2026-12-12T16:00", priority: "300", earliest_start: "2026-12-08T06:00", reason: "customer" };
  it("sends only what changed", () => {
    expect(validateReschedule({ ...draft, priority: "100" }, o).body).toEqual({ reason: "customer", priority: 100 });
    expect(validateReschedule({ ...draft, due: "2026-12-14T16:00" }, o).body).toEqual({
      reason: "customer",
      due: "2026-12-14T15:00:00.000Z",
    });
  });
  it("clears the earliest start with null", () => {
    expect(validateReschedule({ ...draft, earliest_start: "" }, o).body).toEqual({ reason: "customer", earliest_start: null });
  });
  it("needs a reason and a change", () => {
    expect(validateReschedule({ ...draft, reason: " " }, o).errors).toEqual({ reason: "err_required" });
    expect(validateReschedule(draft, o).errors).toEqual({ due: "err_nothing_to_change" });
    expect(validateReschedule({ ...draft, priority: "abc", due: "x" }, o).errors).toEqual({
      priority: "err_priority",
      due: "err_date",
    });
  });
});

describe("actions", () => {
  it("offers what the server allows from each status", () => {
    expect(actionsFor("created")).toEqual(["release", "hold", "reschedule", "cancel"]);
    expect(actionsFor("in_progress")).toEqual(["hold", "reschedule", "cancel"]);
    expect(actionsFor("on_hold")).toEqual(["resume", "reschedule", "cancel"]);
    expect(actionsFor("completed")).toEqual(["close"]);
    expect(actionsFor("cancelled")).toEqual([]);
  });
});

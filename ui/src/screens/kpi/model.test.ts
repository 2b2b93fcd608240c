import { describe, expect, it } from "vitest";
import {
  fromLocalInput,
  kpiQuery,
  localInput,
  neighbour,
  paretoRows,
  percent,
  queryString,
  selectionOf,
  stateNames,
  timeScale,
  trendRows,
  trendWindow,
  waterfallBars,
  type KpiTrend,
} from "./model";

describe("the selection in the URL", () => {
  it("defaults to the current shift of the given equipment, over a week's trend", () => {
    expect(selectionOf({}, "LYON")).toEqual({
      equipment: "LYON",
      window: "shift",
      at: null,
      date: null,
      from: null,
      to: null,
      days: 7,
    });
    expect(selectionOf({ window: "week", days: "5", date: "3 Dec" }, "X")).toMatchObject({
      window: "shift",
      days: 7,
      date: null,
    });
  });
  it("round-trips through the query string", () => {
    for (const q of [
      { equipment: "LYON-MACH", window: "day", date: "2026-12-03", days: "14" },
      { equipment: "U1", window: "custom", from: "2026-12-01T06:00:00.000Z", to: "2026-12-02T06:00:00.000Z" },
      { equipment: "U1", window: "shift", at: "2026-12-01T06:00:00.000Z" },
    ]) {
      const s = selectionOf(q, "");
      expect(Object.fromEntries(new URLSearchParams(queryString(s)))).toEqual(q);
    }
  });
  it("asks the API for the shift, the day or the custom window", () => {
    expect(kpiQuery(selectionOf({ equipment: "L" }, ""))).toEqual({ equipment: "L", window: "shift" });
    expect(kpiQuery(selectionOf({ equipment: "L", at: "2026-12-01T07:00:00Z" }, ""))).toEqual({
      equipment: "L",
      window: "shift",
      at: "2026-12-01T07:00:00Z",
    });
    const day = kpiQuery(selectionOf({ equipment: "L", window: "day", date: "2026-12-03" }, ""));
    expect(day).toMatchObject({ equipment: "L", window: "day" });
    const at = new Date((day as { at: string }).at);
    expect([at.getFullYear(), at.getMonth(), at.getDate(), at.getHours()]).toEqual([2026, 11, 3, 12]);
    expect(kpiQuery(selectionOf({ equipment: "L", window: "custom", from: "a", to: "b" }, ""))).toEqual({
      equipment: "L",
      from: "a",
      to: "b",
    });
  });
  it("steps to the shift or day before and after", () => {
    const s = selectionOf({ equipment: "L" }, "");
    const report = { window: { from: "2026-12-03T05:00:00Z", to: "2026-12-03T13:00:00Z" } };
    expect(neighbour(s, report, -1).at).toBe("2026-12-03T04:59:00.000Z");
    expect(neighbour(s, report, 1).at).toBe("2026-12-03T13:01:00.000Z");
    const day = neighbour({ ...s, window: "day" }, { window: { from: "2026-12-02T23:00:00Z", to: "2026-12-03T23:00:00Z" } }, 1);
    expect(day.date).toBe(localInput("2026-12-03T23:01:00Z").slice(0, 10));
  });
  it("reads and writes the browser's local date-times", () => {
    const iso = "2026-12-03T06:30:00.000Z";
    expect(fromLocalInput(localInput(iso))).toBe(iso);
    expect(fromLocalInput("")).toBeNull();
    expect(localInput("nonsense")).toBe("");
  });
  it("ends the trend with the window selected, or now", () => {
    const now = Date.parse("2026-12-03T10:00:00Z");
    const sel = selectionOf({ equipment: "L" }, "");
    expect(trendWindow(sel, now)).toEqual({ from: "2026-11-26T10:00:00.000Z", to: "2026-12-03T10:00:00.000Z" });
    expect(trendWindow({ ...sel, at: "2026-12-01T00:00:00Z", days: 14 }, now).from).toBe("2026-11-17T00:00:00.000Z");
    expect(trendWindow({ ...sel, at: "2026-12-24T00:00:00Z" }, now).to).toBe("2026-12-03T10:00:00.000Z");
    expect(trendWindow({ ...sel, window: "custom", from: "x", to: "2026-12-02T06:00:00Z" }, now).to).toBe(
      "2026-12-02T06:00:00.000Z",
    );
    const day = trendWindow({ ...sel, window: "day", date: "2026-11-20" }, now);
    expect(new Date(day.to).getDate()).toBe(21);
    expect(new Date(day.to).getHours()).toBe(0);
  });
});

describe("the charts' rows", () => {
  it("hang each loss of the waterfall from the level before it", () => {
    const bars = waterfallBars(
      [
        { step: "window", s: 36000, kind: "total" },
        { step: "not_scheduled", s: -7200, kind: "loss" },
        { step: "planned_operation_time", s: 28800, kind: "subtotal" },
        { step: "breakdowns", s: -3600, kind: "loss" },
        { step: "setup_and_adjustment", s: -1800, kind: "loss" },
        { step: "production_time", s: 23400, kind: "subtotal" },
      ],
      3600,
    );
    expect(bars.map((b) => [b.step, b.base, b.size])).toEqual([
      ["window", 0, 10],
      ["not_scheduled", 8, 2],
      ["planned_operation_time", 0, 8],
      ["breakdowns", 7, 1],
      ["setup_and_adjustment", 6.5, 0.5],
      ["production_time", 0, 6.5],
    ]);
    expect(bars[3]!.seconds).toBe(-3600);
  });
  it("use hours past three hours, else minutes", () => {
    expect(timeScale(8 * 3600)).toEqual({ scale: 3600, unit: "h" });
    expect(timeScale(3 * 3600)).toEqual({ scale: 60, unit: "min" });
  });
  it("name each Pareto line by its reason, code or state", () => {
    const rows = paretoRows([
      { reason: "JAM", description: "Material jam", s: 600, stops: 2, share: 0.6, cumulative_share: 0.6 },
      { code: "E-9", s: 300, stops: 1, share: 0.3, cumulative_share: 0.9 },
      { state: "idle", s: 100, stops: 1, share: 0.1, cumulative_share: 1 },
    ]);
    expect(rows.map((r) => [r.label, r.kind])).toEqual([
      ["Material jam (JAM)", "reason"],
      ["E-9", "code"],
      ["idle", "state"],
    ]);
    expect(rows[1]!.cumulative).toBe(0.9);
    // A state's name where the models agree on it.
    const names = stateNames([
      { states: [{ code: "5", name: "Suspended" }, { code: "idle" }, { code: "9", name: "Aborted" }] },
      { states: [{ code: "9", name: "Fault" }] },
    ]);
    expect([...names]).toEqual([["5", "Suspended"]]);
    const named = paretoRows(
      [
        { state: "5", s: 1, stops: 1, share: 0.5, cumulative_share: 0.5 },
        { state: "9", s: 1, stops: 1, share: 0.5, cumulative_share: 1 },
      ],
      names,
    );
    expect(named.map((r) => r.label)).toEqual(["Suspended (5)", "9"]);
  });
  it("give each shift of the trend its four ratios", () => {
    const figures = {
      oee: 0.5,
      availability_iso: 0.8,
      effectiveness_iso: null,
      quality_ratio: 1,
    } as KpiTrend["periods"][number]["kpi"];
    const rows = trendRows({
      equipment: "L",
      by: "shift",
      calendar: "C",
      time_zone: "Europe/Paris",
      from: "",
      to: "",
      periods: [
        {
          shift: "early",
          from: "a",
          to: "b",
          kpi: figures,
          counts: { produced: 3, good: 2, reject: 1, startup_reject: 0, without_ideal_cycle: 0 },
        },
      ],
    });
    expect(rows).toEqual([
      { from: "a", to: "b", shift: "early", oee: 0.5, availability: 0.8, performance: null, quality: 1, good: 2 },
    ]);
    expect(percent(0.12345)).toBe(12.3);
    expect(percent(null)).toBeNull();
  });
});

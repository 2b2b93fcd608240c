// What the board knows of a site, kept live: a signal per unit (so a state change re-renders one
// tile), the site's and each node's figures over the current shift, and the stops waiting for a
// reason. It loads a snapshot through the API, then follows the live stream; after the stream was
// down it loads the snapshot again, since events sent meanwhile are lost.
import { batch, signal, type Signal } from "@preact/signals";
import { api, must } from "../../lib/api";
import {
  openLive,
  type LiveConnection,
  type LiveKpi,
  type LiveOperation,
  type LiveState,
  type LiveStopClassified,
} from "../../lib/live";
import {
  afterOperationEvent,
  describeState,
  fromServer,
  isNewer,
  modelInfo,
  noData,
  onStateChange,
  operationsByUnit,
  waitsForReason,
  withoutStop,
  type AreaNode,
  type KpiFigures,
  type ModelInfo,
  type UnitOperation,
  type UnitState,
  type WaitingStop,
  type WorkOrder,
} from "./model";

export interface SiteFigures {
  kpi: KpiFigures;
  good: number;
  reject: number;
  from: string;
  to: string;
  shift: boolean; // a shift window; else the local day (no shift now)
}

const kpiEvery = 30_000;
const stopsAtMost = 5_000; // refetch the waiting stops at most this often while states change
const stopsEvery = 60_000;

export class BoardStore {
  readonly states = new Map<string, Signal<UnitState>>();
  readonly ops = new Map<string, Signal<UnitOperation | null>>();
  readonly oee = new Map<string, Signal<number | null | undefined>>();
  readonly nodeOee = new Map<string, Signal<number | null | undefined>>();
  readonly figures = signal<SiteFigures | undefined>(undefined);
  readonly waiting = signal<WaitingStop[]>([]);
  readonly now = signal(Date.now());
  readonly error = signal<unknown>(null);
  readonly loaded = signal(false);
  connected: Signal<boolean> = signal(false);

  private models = new Map<string, ModelInfo>();
  private unitModel = new Map<string, string>();
  private live: LiveConnection | null = null;
  private timers: ReturnType<typeof setInterval>[] = [];
  private pending: (() => void)[] | null = []; // live events that came before the snapshot
  private stopsTimer: ReturnType<typeof setTimeout> | undefined;
  private lastStops = 0;
  private stopped = false;
  private everUp = false; // the stream was up once
  private dropped = false; // and went down since
  private unsubscribe: (() => void) | null = null;

  constructor(
    readonly site: string,
    readonly tree: AreaNode[],
  ) {
    for (const a of tree) {
      this.nodeOee.set(a.id, signal(undefined));
      for (const c of a.centers) {
        this.nodeOee.set(c.id, signal(undefined));
        for (const u of c.units) {
          this.states.set(u.id, signal(noData));
          this.ops.set(u.id, signal(null));
          this.oee.set(u.id, signal(undefined));
        }
      }
    }
  }

  start(): void {
    this.live = openLive(this.site, {
      state: (e) => this.whenReady(() => this.onState(e)),
      kpi: (e) => this.whenReady(() => this.onKpi(e)),
      stop_classified: (e) => this.whenReady(() => this.onClassified(e)),
      operation: (e) => this.whenReady(() => this.onOperation(e)),
    });
    this.connected = this.live.connected;
    // Back after a break in the stream: what happened meanwhile was not sent, so load it.
    this.unsubscribe = this.connected.subscribe((up) => {
      if (up && this.dropped && this.loaded.peek()) void this.loadSnapshot();
      if (up) this.dropped = false;
      else if (this.everUp) this.dropped = true;
      this.everUp ||= up;
    });
    void this.loadSnapshot().then(() => this.loadKpis());
    this.timers.push(setInterval(() => (this.now.value = Date.now()), 1000));
    this.timers.push(setInterval(() => void this.loadKpis(), kpiEvery));
    this.timers.push(setInterval(() => void this.loadWaiting(), stopsEvery));
  }

  stop(): void {
    this.stopped = true;
    this.live?.close();
    this.unsubscribe?.();
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.stopsTimer);
  }

  // The state model of a unit, for its states' names, elements and stop codes.
  model(unit: string): ModelInfo | undefined {
    const id = this.unitModel.get(unit);
    return id ? this.models.get(id) : undefined;
  }

  private whenReady(f: () => void): void {
    if (this.pending) this.pending.push(f);
    else f();
  }

  async loadSnapshot(): Promise<void> {
    try {
      const [states, models, orders] = await Promise.all([
        must(api.GET("/api/v1/machine-states", { params: { query: { equipment: this.site } } })),
        must(api.GET("/api/v1/state-models", { params: { query: { limit: 1000 } } })),
        openOrders(this.site),
      ]);
      if (this.stopped) return;
      for (const m of models.items) this.models.set(m.id, modelInfo(m));
      const ops = operationsByUnit(orders);
      batch(() => {
        for (const u of states.units) {
          this.unitModel.set(u.work_unit, u.state_model);
          const s = this.states.get(u.work_unit);
          if (s && isNewer(this.loaded.peek() ? s.peek() : undefined, u.since ?? "1970-01-01T00:00:00Z"))
            s.value = describeState(this.model(u.work_unit), u.state, u.since ?? null, u.machine_code ?? null);
        }
        for (const [unit, s] of this.ops) s.value = ops.get(unit) ?? null;
        this.loaded.value = true;
        this.error.value = null;
      });
      const queued = this.pending ?? [];
      this.pending = null;
      batch(() => queued.forEach((f) => f()));
      await this.loadWaiting();
    } catch (e) {
      if (!this.stopped) this.error.value = e;
    }
  }

  // The site's figures and each unit's OEE over the current shift (the local day when no shift
  // runs now), then each area's and work center's over the same window.
  async loadKpis(): Promise<void> {
    try {
      const shift = await api.GET("/api/v1/kpi", { params: { query: { equipment: this.site, window: "shift", units: true } } });
      const isShift = shift.response.ok;
      const site = isShift
        ? shift.data!
        : await must(api.GET("/api/v1/kpi", { params: { query: { equipment: this.site, window: "day", units: true } } }));
      if (this.stopped) return;
      batch(() => {
        this.figures.value = {
          kpi: site.kpi,
          good: site.counts.good,
          reject: site.counts.reject,
          from: site.window.from,
          to: site.window.to,
          shift: isShift,
        };
        for (const u of site.units ?? []) {
          const s = this.oee.get(u.work_unit);
          if (s) s.value = u.kpi.oee ?? null;
        }
      });
      const window = { from: site.window.from, to: site.window.to };
      await Promise.all(
        [...this.nodeOee.entries()].map(async ([id, s]) => {
          if (id === this.site) return void (s.value = site.kpi.oee ?? null);
          const r = await api.GET("/api/v1/kpi", { params: { query: { equipment: id, ...window } } });
          if (r.data && !this.stopped) s.value = r.data.kpi.oee ?? null;
        }),
      );
    } catch (e) {
      if (!this.stopped) this.error.value = e;
    }
  }

  // The stops waiting for a reason since the start of the current window (or a day back).
  async loadWaiting(): Promise<void> {
    this.lastStops = Date.now();
    const from = this.figures.peek()?.from ?? new Date(Date.now() - 86_400_000).toISOString();
    try {
      const r = await must(
        api.GET("/api/v1/stops", { params: { query: { equipment: this.site, waiting: true, from, limit: 1000 } } }),
      );
      if (!this.stopped) this.waiting.value = fromServer(r.stops);
    } catch (e) {
      if (!this.stopped) this.error.value = e;
    }
  }

  // At most every few seconds while states keep changing: the server's list is the truth (late
  // readings, classifications by stop code).
  private refreshWaitingSoon(): void {
    if (this.stopsTimer !== undefined) return;
    const wait = Math.max(0, this.lastStops + stopsAtMost - Date.now());
    this.stopsTimer = setTimeout(() => {
      this.stopsTimer = undefined;
      void this.loadWaiting();
    }, wait);
  }

  private onState(e: LiveState): void {
    const s = this.states.get(e.work_unit);
    if (!s) return;
    const model = this.model(e.work_unit);
    if (isNewer(s.peek(), e.time)) {
      const next = describeState(model, e.state, e.time, e.machine_code ?? null);
      s.value = next;
      const opens = waitsForReason(model, next) ? { unit: e.work_unit, start: e.time, end: null, state: e.state } : null;
      this.waiting.value = onStateChange(this.waiting.peek(), e.work_unit, e.time, opens);
    }
    this.refreshWaitingSoon();
  }

  private onKpi(e: LiveKpi): void {
    const f = this.figures.peek();
    // The stream's window is the shift (or the day without a calendar): keep the kind the board chose.
    if (f && (f.from !== e.window.from || f.to !== e.window.to)) return void this.loadKpis();
    this.figures.value = {
      kpi: e.kpi,
      good: e.counts.good,
      reject: e.counts.reject,
      from: e.window.from,
      to: e.window.to,
      shift: f?.shift ?? true,
    };
  }

  private onClassified(e: LiveStopClassified): void {
    this.waiting.value = withoutStop(this.waiting.peek(), e.work_unit, e.start);
  }

  private onOperation(e: LiveOperation): void {
    const s = this.ops.get(e.work_unit);
    if (s) s.value = afterOperationEvent(s.peek(), e);
  }
}

// The site's orders that hold a unit: in progress, or on hold with a paused operation.
async function openOrders(site: string): Promise<WorkOrder[]> {
  const out: WorkOrder[] = [];
  for (const status of ["in_progress", "on_hold"] as const) {
    let after: string | undefined;
    do {
      const page = await must(api.GET("/api/v1/work-orders", { params: { query: { site, status, limit: 1000, after } } }));
      out.push(...page.items);
      after = page.next_after ?? undefined;
    } while (after);
  }
  return out;
}

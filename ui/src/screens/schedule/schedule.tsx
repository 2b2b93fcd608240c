// The schedule Gantt (/schedule): the active schedule, one row per work unit, operations in their
// order's colour, changeovers, downtime and late orders' due dates. Supervisors plan, repair,
// record a breakdown and move an operation (drag, or the form beside the chart); the move is
// fixed and the rest repaired around it. Viewers see the same without the actions.
import { useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, must } from "../../lib/api";
import { tc } from "../../lib/catalogue";
import { can } from "../../lib/session";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { formatDuration, formatNumber, formatTime } from "../../i18n";
import { t } from "./catalogue";
import { Gantt } from "./gantt";
import {
  checkDrop,
  fromLocalInput,
  horizon,
  items as buildItems,
  busiestSite,
  legend,
  opKey,
  orderColour,
  outcomeOf,
  projections,
  rows as buildRows,
  escapeHtml,
  splitKey,
  titleOf,
  toLocalInput,
  type DowntimeWindow,
  type Equipment,
  type OrderProjection,
  type Outcome,
  type PlannedOperation,
  type Schedule,
  type Texts,
} from "./model";
import "./schedule.css";

interface Loaded {
  units: Equipment[];
  schedule: Schedule | null;
  downtime: DowntimeWindow[];
}

async function loadSchedule(): Promise<Schedule | null> {
  const r = await api.GET("/api/v1/schedules/active");
  if (r.response.status === 404) return null;
  return must(Promise.resolve(r));
}

// The whole equipment hierarchy (rows are work units, grouped by site and work center), page by page.
async function loadEquipment(): Promise<Equipment[]> {
  const out: Equipment[] = [];
  let after: string | undefined;
  do {
    const page = await must(api.GET("/api/v1/equipment", { params: { query: { limit: 1000, after } } }));
    out.push(...page.items);
    after = page.next_after ?? undefined;
  } while (after);
  return out;
}

async function loadAll(): Promise<Loaded> {
  const [units, schedule] = await Promise.all([loadEquipment(), loadSchedule()]);
  const { from, to } = horizon(schedule, new Date());
  const downtime = await must(
    api.GET("/api/v1/downtime", { params: { query: { from: from.toISOString(), to: to.toISOString() } } }),
  );
  return { units, schedule, downtime: downtime.items };
}

// What the chart shows first: from an hour ago to the end of the schedule, at least 8 hours and at
// most 12 ahead (the shifts a planner looks at first; vis-timeline draws only what is in view, at
// about a millisecond an operation on this machine, so a thousand at once would take a second).
function firstWindow(schedule: Schedule | null): { start: Date; end: Date } {
  const now = Date.now(), hour = 3_600_000;
  const end = schedule ? new Date(schedule.makespan).getTime() + hour : now;
  return { start: new Date(now - hour), end: new Date(Math.min(Math.max(end, now + 8 * hour), now + 12 * hour)) };
}

// What the last action came to, shown above the chart.
type Note = { kind: "ok"; text: string; outcome?: Outcome } | { kind: "error"; error: unknown };

const kindName = (k: "plan" | "repair") => (k === "plan" ? t("kind_plan") : t("kind_repair"));
const downtimeName = (k: DowntimeWindow["kind"]) => t(`downtime_${k}` as const);

function outcomeText(o: Outcome): string {
  return t("outcome", {
    id: o.id,
    kind: kindName(o.kind),
    moved: o.moved,
    kept: o.kept,
    makespan: formatTime(o.makespan),
    tardiness: formatNumber(o.tardiness_s),
    late: o.late,
  });
}

const lateness = (o: OrderProjection) =>
  o.on_time ? t("on_time") : t("late_by", { time: formatDuration(o.lateness_s) });

export default function ScheduleScreen() {
  const canPlan = can("plan_production");
  const [data, setData] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const show = (key: string) => {
    setSelected(key);
    setFocusRequest((n) => n + 1);
  };
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // What a drag would do, updated at every pointer move: a signal, so only its text re-renders.
  const dragHint = useSignal("");
  const [showBreakdown, setShowBreakdown] = useState(false);
  const [timeLimit, setTimeLimit] = useState("5");
  const [window, setWindow] = useState<{ start: Date; end: Date } | null>(null);
  const dragging = useRef(false);

  const reload = async (keepWindow = true) => {
    try {
      const d = await loadAll();
      performance.mark("takt:gantt-data"); // the data in hand: the Gantt measures its render from here
      setData(d);
      setLoadError(null);
      if (!keepWindow || !window) setWindow(firstWindow(d.schedule));
      return d;
    } catch (e) {
      setLoadError(e);
      return null;
    }
  };

  useEffect(() => {
    void reload(false);
  }, []);

  // Live enough: another supervisor's plan or the breakdown watcher's repair shows within 20 s.
  const current = data?.schedule?.id;
  useEffect(() => {
    const timer = setInterval(async () => {
      if (dragging.current || busy || document.hidden) return;
      const s = await loadSchedule().catch(() => undefined);
      if (s !== undefined && (s?.id ?? null) !== (current ?? null)) {
        await reload();
        if (s) setNote({ kind: "ok", text: t("updated", { id: s.id }) });
      }
    }, 20_000);
    return () => clearInterval(timer);
  }, [current, busy]);

  const ops = useMemo(() => {
    const m = new Map<string, PlannedOperation>();
    for (const op of data?.schedule?.operations ?? []) m.set(opKey(op.order, op.operation), op);
    return m;
  }, [data]);
  const orders = useMemo(() => projections(data?.schedule ?? null), [data]);
  const legendList = useMemo(() => legend(data?.schedule ?? null), [data]);
  const firstOf = useMemo(() => {
    const m = new Map<string, PlannedOperation>();
    for (const op of data?.schedule?.operations ?? []) if (!m.has(op.order) || op.start < m.get(op.order)!.start) m.set(op.order, op);
    return m;
  }, [data]);

  const texts: Texts = {
    opTitle: (op, order) =>
      [
        `<b>${op.order} · ${op.operation}</b>`,
        `${op.work_unit}: ${formatTime(op.start)} – ${formatTime(op.end)}`,
        op.changeover_s ? t("changeover_of", { time: formatDuration(op.changeover_s) }) : "",
        order ? `${t("due", { due: formatTime(order.due) })}, ${lateness(order)}` : "",
        op.fixed ? t("fixed") : "",
        op.eligible_units.length ? "" : t("started_note"),
      ]
        .filter(Boolean)
        .join("<br>"),
    downtime: (w) =>
      `${downtimeName(w.kind)}${w.reason ? ` (${escapeHtml(w.reason)})` : ""}: ${formatTime(w.start)} – ${formatTime(w.end)}`,
    due: (o) => `${o.order}: ${t("due", { due: formatTime(o.due) })}, ${lateness(o)}`,
  };
  const allRows = useMemo(() => (data ? buildRows(data.units, data.schedule) : []), [data]);
  const siteList = useMemo(() => [...new Set(allRows.map((r) => r.site))].filter(Boolean), [allRows]);
  const [site, setSite] = useState<string | null>(null); // null: the busiest, "": all
  const shownSite = site ?? (siteList.length > 1 ? busiestSite(allRows, data?.schedule ?? null) : "");
  const rowList = useMemo(() => allRows.filter((r) => !shownSite || r.site === shownSite), [allRows, shownSite]);
  const shown = useMemo(() => new Set(rowList.map((r) => r.id)), [rowList]);
  const ganttInput = useMemo(
    () => ({ schedule: data?.schedule ?? null, downtime: data?.downtime ?? [], canMove: canPlan }),
    [data, canPlan],
  );
  const itemList = useMemo(() => buildItems(ganttInput).filter((i) => shown.has(i.group)), [ganttInput, shown]);

  // Runs a write; its reply (a schedule, or a downtime or move with the repair in it) becomes the note.
  const act = async (name: string, run: () => Promise<Note>) => {
    setBusy(name);
    setNote(null);
    try {
      setNote(await run());
    } catch (e) {
      setNote({ kind: "error", error: e });
    } finally {
      setBusy(null);
      await reload();
    }
  };
  const repaired = (schedule: unknown, lead: string): Note => {
    const s = schedule as (Schedule & { unschedulable?: string[] }) | { code: string; message: string } | undefined;
    if (s && "id" in s) {
      const o = outcomeOf(s);
      return { kind: "ok", text: `${lead} ${outcomeText(o)}`, outcome: o };
    }
    if (s && "message" in s) return { kind: "ok", text: `${lead} ${t("repair_failed", { message: s.message })}` };
    return { kind: "ok", text: lead };
  };

  const plan = () =>
    act("plan", async () => {
      const limit = Number(timeLimit);
      const s = await must(
        api.POST("/api/v1/schedules", { body: { time_limit_s: Number.isFinite(limit) && limit > 0 ? limit : 5 } }),
      );
      const o = outcomeOf(s);
      return { kind: "ok", text: outcomeText(o), outcome: o };
    });
  const repair = () =>
    act("repair", async () => {
      const s = await must(api.POST("/api/v1/schedules/repair", { body: {} }));
      const o = outcomeOf(s);
      return { kind: "ok", text: outcomeText(o), outcome: o };
    });
  const move = (key: string, unit: string, start: Date) =>
    act("move", async () => {
      const { order, operation } = splitKey(key);
      const r = await must(
        api.POST("/api/v1/schedules/active/fix", { body: { order, operation, work_unit: unit, start: start.toISOString() } }),
      );
      setSelected(key);
      return repaired(r.schedule, t("outcome_fixed", { order, operation, unit, start: formatTime(r.start) }));
    });

  if (loadError && !data)
    return (
      <Page title={t("title")}>
        <ErrorBanner error={loadError} />
        <button type="button" onClick={() => void reload()}>
          {t("refresh")}
        </button>
      </Page>
    );
  if (!data || !window) return <Loading />;

  const schedule = data.schedule;
  const selectedOp = selected ? ops.get(selected) : undefined;
  const planActions = canPlan ? (
    <>
      <label class="inline">
        {t("time_limit")}
        <input
          type="number"
          min="0.1"
          max="120"
          step="0.1"
          inputMode="decimal"
          value={timeLimit}
          onInput={(e) => setTimeLimit(e.currentTarget.value)}
          size={4}
        />
      </label>
      <button type="button" class="primary" disabled={!!busy} onClick={() => void plan()}>
        {busy === "plan" ? t("planning") : t("plan")}
      </button>
      <button type="button" disabled={!!busy || !schedule} onClick={() => void repair()}>
        {busy === "repair" ? t("repairing") : t("repair")}
      </button>
      <button type="button" class="danger" aria-expanded={showBreakdown} onClick={() => setShowBreakdown((v) => !v)}>
        {t("breakdown")}
      </button>
    </>
  ) : null;

  return (
    <div class="tk-schedule">
    <Page title={t("title")} actions={planActions}>
      {schedule ? (
        <dl class="schedule-summary">
          <div>
            <dt>{t("active")}</dt>
            <dd>
              {t("summary", {
                id: schedule.id,
                kind: kindName(schedule.kind),
                by: schedule.created_by,
                at: formatTime(schedule.created_at),
              })}
            </dd>
          </div>
          <div>
            <dt>{t("makespan")}</dt>
            <dd>{formatTime(schedule.makespan)}</dd>
          </div>
          <div>
            <dt>{t("tardiness")}</dt>
            <dd>{formatNumber(schedule.weighted_tardiness_s)}</dd>
          </div>
          <div>
            <dt>{t("late_orders")}</dt>
            <dd class={schedule.late_orders ? "bad" : ""}>{schedule.late_orders}</dd>
          </div>
          <div>
            <dt>{t("operations")}</dt>
            <dd>{schedule.operations.length}</dd>
          </div>
        </dl>
      ) : (
        <p class="empty">{canPlan ? t("no_schedule_can_plan") : t("no_schedule")}</p>
      )}

      <div aria-live="polite" class="notes">
        {note?.kind === "ok" ? (
          <div class="banner ok" role="status">
            {note.text}
            {note.outcome?.unschedulable.length ? (
              <div class="muted">{t("unschedulable", { list: note.outcome.unschedulable.join("; ") })}</div>
            ) : null}
          </div>
        ) : null}
      </div>
      {note?.kind === "error" ? <ErrorBanner error={note.error} /> : null}

      {canPlan && showBreakdown ? (
        <BreakdownForm
          units={allRows.map((r) => r.id)}
          busy={busy === "breakdown"}
          onCancel={() => setShowBreakdown(false)}
          onRecord={(unit, body) =>
            act("breakdown", async () => {
              const r = await must(
                api.POST("/api/v1/equipment/{id}/downtime", { params: { path: { id: unit } }, body }),
              );
              setShowBreakdown(false);
              return repaired(r.schedule, t("outcome_recorded", { unit }));
            })
          }
        />
      ) : null}

      {rowList.length === 0 ? (
        <p class="empty">{t("no_units")}</p>
      ) : (
        <div class="schedule-layout">
          <div class="schedule-chart">
            <div class="chart-tools">
              {siteList.length > 1 ? (
                <label class="inline">
                  {t("site")}
                  <select value={shownSite} onChange={(e) => setSite(e.currentTarget.value)}>
                    <option value="">{t("all_sites")}</option>
                    {siteList.map((id) => (
                      <option key={id} value={id}>
                        {id}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {canPlan ? <p class="hint">{t("drag_hint")}</p> : null}
              {canPlan ? (
                <p class="drag-status" aria-live="polite">
                  {dragHint}
                </p>
              ) : null}
              <button
                type="button"
                onClick={() => setWindow(firstWindow(schedule))}
              >
                {t("today")}
              </button>
              <button
                type="button"
                onClick={() => {
                  const h = horizon(schedule, new Date());
                  setWindow({ start: h.from, end: h.to });
                }}
              >
                {t("fit")}
              </button>
            </div>
            <Gantt
              rows={rowList}
              items={itemList}
              version={version}
              editable={canPlan}
              selected={selected}
              focusRequest={focusRequest}
              titleOf={(id) => titleOf(id, ganttInput, texts)}
              label={t("gantt_label")}
              window={window}
              onSelect={(id) => setSelected(id && ops.has(id) ? id : null)}
              onMoving={(id, unit, start) => {
                dragging.current = true;
                const op = ops.get(id);
                if (!op) return { ok: false, reason: "started" };
                const check = checkDrop(op, unit, start, new Date());
                const name = `${op.order} · ${op.operation}`;
                dragHint.value = check.ok
                  ? t("drop_ok", { op: name, unit, start: formatTime(start.toISOString()) })
                  : check.reason === "unit"
                    ? t("drop_unit", { unit, op: name })
                    : t("drop_past");
                return check;
              }}
              onMove={(id, unit, start) => {
                dragging.current = false;
                dragHint.value = "";
                if (busy) return setVersion((v) => v + 1); // one change at a time: put it back
                void move(id, unit, start);
              }}
            />
          </div>
          <aside class="schedule-side">
            <section class="panel" aria-labelledby="selected-title">
              <h2 id="selected-title">{t("selected")}</h2>
              {selectedOp ? (
                <SelectedOperation
                  key={`${selected}@${selectedOp.work_unit}@${selectedOp.start}`}
                  op={selectedOp}
                  order={orders.get(selectedOp.order)}
                  canMove={canPlan}
                  busy={busy === "move"}
                  onMove={(unit, start) => void move(selected!, unit, start)}
                />
              ) : (
                <p class="muted">{canPlan ? t("select_hint") : t("select_hint_readonly")}</p>
              )}
            </section>
            <section class="panel" aria-labelledby="legend-title">
              <h2 id="legend-title">{t("legend")}</h2>
              <ul class="legend">
                {legendList.map((o) => {
                  const c = orderColour(o.order);
                  const first = firstOf.get(o.order);
                  return (
                    <li key={o.order} class={o.on_time ? "" : "late"}>
                      <span class="swatch" style={{ background: c.background, borderColor: c.border }} aria-hidden="true" />
                      <button
                        type="button"
                        class="link"
                        aria-label={t("select_order", { order: o.order })}
                        onClick={() => first && show(opKey(first.order, first.operation))}
                      >
                        {o.order}
                      </button>
                      <span class="muted">{t("due", { due: formatTime(o.due) })}</span>
                      <span class={o.on_time ? "ok-text" : "bad"}>{lateness(o)}</span>
                    </li>
                  );
                })}
              </ul>
            </section>
          </aside>
        </div>
      )}

      {schedule ? (
        <OperationsTable schedule={schedule} orders={orders} onSelect={show} />
      ) : null}
    </Page>
    </div>
  );
}

function SelectedOperation(props: {
  op: PlannedOperation;
  order: OrderProjection | undefined;
  canMove: boolean;
  busy: boolean;
  onMove: (unit: string, start: Date) => void;
}) {
  const { op, order } = props;
  const [unit, setUnit] = useState(op.work_unit);
  const [start, setStart] = useState(toLocalInput(new Date(op.start)));
  const [detail, setDetail] = useState<{ description: string; operation: string; quantity: string } | null>(null);
  useEffect(() => {
    let live = true;
    api.GET("/api/v1/work-orders/{id}", { params: { path: { id: op.order } } }).then((r) => {
      if (!live || !r.data) return;
      const o = r.data.operations.find((x) => x.id === op.operation);
      setDetail({
        description: r.data.description,
        operation: o?.description ?? "",
        quantity: `${formatNumber(r.data.quantity, 3)} ${r.data.uom}`,
      });
    });
    return () => {
      live = false;
    };
  }, [op.order, op.operation]);
  const when = fromLocalInput(start);
  const c = orderColour(op.order);
  return (
    <div class="selected-op">
      <p class="op-name">
        <span class="swatch" style={{ background: c.background, borderColor: c.border }} aria-hidden="true" />
        <strong>
          {op.order} · {op.operation}
        </strong>
        {op.fixed ? <span class="tag">{t("fixed_short")}</span> : null}
        {order && !order.on_time ? <span class="tag bad">{t("late")}</span> : null}
      </p>
      <dl class="facts">
        {detail?.description ? (
          <>
            <dt>{t("order")}</dt>
            <dd>{detail.description}</dd>
          </>
        ) : null}
        {detail?.operation ? (
          <>
            <dt>{t("operation")}</dt>
            <dd>{detail.operation}</dd>
          </>
        ) : null}
        {detail ? (
          <>
            <dt>{t("quantity")}</dt>
            <dd>{detail.quantity}</dd>
          </>
        ) : null}
        <dt>{t("unit")}</dt>
        <dd>{op.work_unit}</dd>
        <dt>{t("start")}</dt>
        <dd>{formatTime(op.start)}</dd>
        <dt>{t("end")}</dt>
        <dd>{formatTime(op.end)}</dd>
        {op.changeover_s ? (
          <>
            <dt>{t("changeover")}</dt>
            <dd>{formatDuration(op.changeover_s)}</dd>
          </>
        ) : null}
        {order ? (
          <>
            <dt>{t("due_label")}</dt>
            <dd>
              {formatTime(order.due)} · <span class={order.on_time ? "ok-text" : "bad"}>{lateness(order)}</span>
            </dd>
          </>
        ) : null}
      </dl>
      {op.eligible_units.length === 0 ? <p class="muted">{t("started_note")}</p> : null}
      {props.canMove && op.eligible_units.length > 0 ? (
        <form
          class="move-form"
          aria-labelledby="move-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (when) props.onMove(unit, when);
          }}
        >
          <h3 id="move-title">{t("move_title")}</h3>
          <p class="hint">{t("move_help")}</p>
          <label>
            {t("unit")}
            <select value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
              {op.eligible_units.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("start")}
            <input type="datetime-local" required value={start} onInput={(e) => setStart(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary" disabled={props.busy || !when}>
            {props.busy ? t("moving") : t("move")}
          </button>
        </form>
      ) : null}
    </div>
  );
}

function BreakdownForm(props: {
  units: string[];
  busy: boolean;
  onCancel: () => void;
  onRecord: (
    unit: string,
    body: { start: string; end: string; kind: "breakdown" | "planned_maintenance" | "other"; reason: string },
  ) => void;
}) {
  const now = new Date();
  const [unit, setUnit] = useState(props.units[0] ?? "");
  const [kind, setKind] = useState<"breakdown" | "planned_maintenance" | "other">("breakdown");
  const [from, setFrom] = useState(toLocalInput(now));
  const [until, setUntil] = useState(toLocalInput(new Date(now.getTime() + 2 * 3_600_000)));
  const [reason, setReason] = useState("");
  const f = fromLocalInput(from), u = fromLocalInput(until);
  return (
    <form
      class="card breakdown-form"
      aria-labelledby="breakdown-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (f && u) props.onRecord(unit, { start: f.toISOString(), end: u.toISOString(), kind, reason: reason.trim() });
      }}
    >
      <h2 id="breakdown-title">{t("breakdown_title")}</h2>
      <div class="fields">
        <label>
          {t("unit")}
          <select value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
            {props.units.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("kind")}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as typeof kind)}>
            <option value="breakdown">{t("kind_breakdown")}</option>
            <option value="planned_maintenance">{t("kind_planned_maintenance")}</option>
            <option value="other">{t("kind_other")}</option>
          </select>
        </label>
        <label>
          {t("from")}
          <input type="datetime-local" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t("until")}
          <input type="datetime-local" required value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
        </label>
        <label class="wide">
          {t("reason")}
          <input value={reason} maxLength={200} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
      </div>
      <div class="buttons">
        <button type="submit" class="danger" disabled={props.busy || !f || !u}>
          {props.busy ? t("recording") : t("record")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {tc("cancel")}
        </button>
      </div>
    </form>
  );
}

function OperationsTable(props: {
  schedule: Schedule;
  orders: Map<string, OrderProjection>;
  onSelect: (key: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const ops = props.schedule.operations;
  return (
    <details class="ops-table" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t("table", { n: ops.length })}</summary>
      {open ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("order")}</th>
              <th scope="col">{t("operation")}</th>
              <th scope="col">{t("unit")}</th>
              <th scope="col">{t("start")}</th>
              <th scope="col">{t("end")}</th>
              <th scope="col">{t("changeover")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("choose")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...ops]
              .sort((a, b) => a.work_unit.localeCompare(b.work_unit) || a.start.localeCompare(b.start))
              .map((op) => {
                const order = props.orders.get(op.order);
                const key = opKey(op.order, op.operation);
                return (
                  <tr key={key}>
                    <td>{op.order}</td>
                    <td>{op.operation}</td>
                    <td>{op.work_unit}</td>
                    <td>{formatTime(op.start)}</td>
                    <td>{formatTime(op.end)}</td>
                    <td class="num">{op.changeover_s ? formatDuration(op.changeover_s) : "–"}</td>
                    <td>
                      {[
                        order && !order.on_time ? t("late") : "",
                        op.fixed ? t("fixed_short") : "",
                        op.eligible_units.length ? "" : t("started_short"),
                      ]
                        .filter(Boolean)
                        .join(", ")}
                    </td>
                    <td>
                      <button
                        type="button"
                        aria-label={`${t("choose")} ${op.order} · ${op.operation}`}
                        onClick={() => props.onSelect(key)}
                      >
                        {t("choose")}
                      </button>
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}


// /orders/:id: one work order: its summary, operations (linking to their unit's terminal), material
// needs, consumptions and output lots (linking to their genealogy), planned versus actual, and the
// actions the user's role and the order's status allow.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { formatDuration, formatNumber, formatPercent, formatTime, lang } from "../../i18n";
import { ApiFailure, type Schemas } from "../../lib/api";
import { tc } from "../../lib/catalogue";
import { can } from "../../lib/session";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { ActionDialog } from "./actions";
import { statusName, to } from "./catalogue";
import { fetchOrder, fetchPerformance, fetchSchedule, type Schedule } from "./data";
import { type Action, actionsFor, lateness, operationsDone, type Order, timesNow } from "./model";
import { LateBadge, OpStatusBadge, ProgressBar, StatusBadge } from "./parts";

type Performance = Schemas["WorkOrderPerformance"];
type Planned = Schemas["PlannedOperation"];

interface Loaded {
  order: Order;
  perf: Performance | null;
  schedule: Schedule | null;
}

async function load(id: string): Promise<Loaded> {
  const [order, perf, schedule] = await Promise.all([
    fetchOrder(id),
    fetchPerformance(id).catch(() => null),
    fetchSchedule().catch(() => null),
  ]);
  return { order, perf, schedule };
}

const actionText: Record<Action, "act_release" | "act_hold" | "act_resume" | "act_reschedule" | "act_cancel" | "act_close"> = {
  release: "act_release",
  hold: "act_hold",
  resume: "act_resume",
  reschedule: "act_reschedule",
  cancel: "act_cancel",
  close: "act_close",
};

export default function OrderDetail({ id }: { id: string }) {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const openRef = useRef(open);
  openRef.current = open;

  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    setDone(null);
    load(id).then(
      (d) => live && setData(d),
      (e) => live && setError(e),
    );
    // Live enough for a supervisor: read again every 10 s while the page is seen and no dialog is open.
    const timer = setInterval(() => {
      if (document.visibilityState !== "visible" || openRef.current) return;
      load(id).then(
        (d) => live && !openRef.current && setData(d),
        () => undefined,
      );
    }, 10_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [id]);

  const title = to("detail_title", { id });
  if (error instanceof ApiFailure && error.status === 404)
    return (
      <Page title={title}>
        <p class="banner error" role="alert">
          {to("no_order", { id })}
        </p>
        <a href="/orders">{to("all_orders")}</a>
      </Page>
    );
  if (!data)
    return (
      <Page title={title}>
        <ErrorBanner error={error} />
        {error ? null : <Loading />}
      </Page>
    );

  const o = data.order;
  const now = new Date();
  const mayAct = can("plan_production");
  const actions = mayAct ? actionsFor(o.status) : [];
  const planned = new Map<string, Planned>(
    (data.schedule?.operations ?? []).filter((p) => p.order === o.id).map((p) => [p.operation, p]),
  );
  const projection = data.schedule?.orders.find((p) => p.order === o.id);

  const acted = async (after: Order, text: string) => {
    setOpen(null);
    setDone(text);
    setData({ ...data, order: after });
    const fresh = await load(id).catch(() => null);
    if (fresh) setData(fresh);
  };

  return (
    <Page
      title={title}
      actions={actions.map((a) => (
        <button
          key={a}
          type="button"
          class={a === "release" || a === "resume" ? "primary" : a === "cancel" ? "danger-outline" : undefined}
          onClick={() => {
            setDone(null);
            setOpen(a);
          }}
        >
          {to(actionText[a])}
        </button>
      ))}
    >
      <p class="back">
        <a href="/orders">← {to("all_orders")}</a>
      </p>
      {done ? (
        <p class="banner ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorBanner error={error} />
      {open ? <ActionDialog action={open} order={o} onClose={() => setOpen(null)} onDone={acted} /> : null}

      <Summary order={o} now={now} projection={projection} />

      <section aria-labelledby="ops-title">
        <h2 id="ops-title">{to("sec_operations")}</h2>
        <Operations order={o} planned={planned} now={now} />
      </section>

      <section aria-labelledby="mat-title">
        <h2 id="mat-title">{to("sec_materials")}</h2>
        <Materials order={o} />
      </section>

      <section aria-labelledby="cons-title">
        <h2 id="cons-title">{to("sec_consumptions")}</h2>
        <Consumptions order={o} />
      </section>

      <section aria-labelledby="out-title">
        <h2 id="out-title">{to("sec_outputs")}</h2>
        <Outputs order={o} />
      </section>

      <section aria-labelledby="perf-title">
        <h2 id="perf-title">{to("sec_performance")}</h2>
        {data.perf ? <PerformanceView perf={data.perf} order={o} now={now} /> : <p class="muted">–</p>}
      </section>
    </Page>
  );
}

function Item({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Summary({ order: o, now, projection }: { order: Order; now: Date; projection?: Schemas["OrderProjection"] }) {
  const late = lateness(o, now);
  return (
    <section class="card wo-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" class="sr-only">
        {to("summary")}
      </h2>
      <div class="wo-headline">
        <StatusBadge status={o.status} />
        {o.description ? <span class="wo-description">{o.description}</span> : null}
        <LateBadge lateness={late} />
      </div>
      {o.status_reason || o.status === "on_hold" ? (
        <p class="wo-reason">
          {o.status_reason ? (
            <>
              <strong>{to("status_reason")}</strong> {o.status_reason}
            </>
          ) : null}
          {o.status === "on_hold" ? (
            <span class="muted"> ({to("held_from", { status: statusName(o.held_from) })})</span>
          ) : null}
        </p>
      ) : null}
      <dl class="facts">
        <Item term={to("product")}>
          {o.product} <span class="muted">({o.product_definition})</span>
        </Item>
        <Item term={to("quantity")}>
          {formatNumber(o.quantity, 3)} {o.uom}
          {o.tolerance ? <span class="muted"> (+{formatPercent(o.tolerance)})</span> : null}
        </Item>
        <Item term={to("due")}>
          {formatTime(o.due)}
          {projection && (o.status === "released" || o.status === "in_progress") ? (
            <div class={projection.on_time ? "muted small" : "projected-late small"}>
              {projection.on_time
                ? to("projected_end", { time: formatTime(projection.projected_completion) })
                : to("projected_late", { late: formatDuration(projection.lateness_s) })}
            </div>
          ) : null}
        </Item>
        <Item term={to("earliest_start")}>{o.earliest_start ? formatTime(o.earliest_start) : tc("none")}</Item>
        <Item term={to("priority")}>{o.priority}</Item>
        <Item term={to("site")}>{o.site}</Item>
        <Item term={to("created")}>{to("created_by", { at: formatTime(o.created_at), who: o.created_by })}</Item>
        {o.released_at ? <Item term={to("released_at")}>{formatTime(o.released_at)}</Item> : null}
        {o.started_at ? <Item term={to("started_at")}>{formatTime(o.started_at)}</Item> : null}
        {o.completed_at ? <Item term={to("completed_at")}>{formatTime(o.completed_at)}</Item> : null}
        {o.closed_at ? <Item term={to("closed_at")}>{formatTime(o.closed_at)}</Item> : null}
        <Item term={to("col_progress")}>
          <ProgressBar order={o} />
          <div class="muted small">
            {to("ops_done", { done: operationsDone(o), total: o.operations.length })} ·{" "}
            {to("made", { made: formatNumber(o.produced, 3), quantity: formatNumber(o.quantity, 3), uom: o.uom })}
          </div>
        </Item>
      </dl>
    </section>
  );
}

// "03/12/2026, 16:31 – 19:21": a span of time, its date once when it is the same day.
function formatSpan(start: string, end: string): string {
  const a = new Date(start);
  const b = new Date(end);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${formatTime(start)} – ${formatTime(end)}`;
  const f = new Intl.DateTimeFormat(lang.value === "fr" ? "fr-FR" : "en-GB", { dateStyle: "short", timeStyle: "short" });
  return f.formatRange(a, b);
}

function UnitLink({ unit }: { unit: string }) {
  return (
    <a
      class="nowrap"
      href={`/terminal/${encodeURIComponent(unit)}`} aria-label={to("open_terminal", { unit })} title={to("open_terminal", { unit })}>
      {unit}
    </a>
  );
}

function LotLink({ lot }: { lot: string }) {
  return (
    <a href={`/genealogy/${encodeURIComponent(lot)}`} title={to("open_genealogy", { lot })}>
      {lot}
    </a>
  );
}

function Operations({ order: o, planned, now }: { order: Order; planned: Map<string, Planned>; now: Date }) {
  if (o.operations.length === 0) return <p class="muted">{to("no_operations")}</p>;
  return (
    <div class="table-wrap">
      <table class="wo-ops">
        <thead>
          <tr>
            <th scope="col">{to("col_operation")}</th>
            <th scope="col">{to("col_status")}</th>
            <th scope="col">{to("col_unit")}</th>
            <th scope="col">{to("col_crew")}</th>
            <th scope="col">{to("col_started")}</th>
            <th scope="col">{to("col_completed")}</th>
            <th scope="col">{to("col_planned")}</th>
            <th scope="col" class="num">
              {to("col_good")}
            </th>
            <th scope="col" class="num">
              {to("col_scrap")}
            </th>
            <th scope="col" class="num">
              {to("col_machine_labour")}
            </th>
          </tr>
        </thead>
        <tbody>
          {o.operations.map((op) => {
            const plan = planned.get(op.id);
            const t = timesNow(op, now);
            const reasons = Object.entries(op.scrap_by_reason);
            return (
              <tr key={op.id}>
                <th scope="row">
                  {op.id}
                  {op.description ? <div class="muted small">{op.description}</div> : null}
                  {op.nothing_produced ? (
                    <div class="note small">{to("nothing_produced_op", { reason: op.nothing_produced })}</div>
                  ) : null}
                </th>
                <td>
                  <OpStatusBadge status={op.status} />
                </td>
                <td>
                  {op.work_unit ? <UnitLink unit={op.work_unit} /> : <span class="muted">–</span>}
                </td>
                <td>
                  {op.crew.length > 0 ? (
                    <>
                      {op.crew.join(", ")} <span class="muted small">({to("crew_now")})</span>
                    </>
                  ) : op.operators.length > 0 ? (
                    op.operators.join(", ")
                  ) : (
                    <span class="muted">–</span>
                  )}
                </td>
                <td class="nowrap">{formatTime(op.started_at)}</td>
                <td class="nowrap">{formatTime(op.completed_at)}</td>
                <td>
                  {plan ? (
                    <>
                      <UnitLink unit={plan.work_unit} />
                      <div class="muted small nowrap">{formatSpan(plan.start, plan.end)}</div>
                    </>
                  ) : (
                    <span class="muted">–</span>
                  )}
                </td>
                <td class="num">{formatNumber(op.good, 3)}</td>
                <td class="num">
                  {formatNumber(op.scrap, 3)}
                  {reasons.length > 0 ? (
                    <div class="muted small">
                      {reasons.map(([r, q]) => `${r}: ${formatNumber(q, 3)}`).join(", ")}
                    </div>
                  ) : null}
                </td>
                <td class="num nowrap">
                  {formatDuration(t.machine)} / {formatDuration(t.labour)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Materials({ order: o }: { order: Order }) {
  if (o.materials.length === 0) return <p class="muted">{to("no_materials")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{to("col_material")}</th>
            <th scope="col">{to("col_operation")}</th>
            <th scope="col" class="num">
              {to("col_required")}
            </th>
            <th scope="col" class="num">
              {to("col_reserved")}
            </th>
            <th scope="col" class="num">
              {to("col_consumed")}
            </th>
            <th scope="col" class="num">
              {to("col_short")}
            </th>
            <th scope="col">{to("col_backflush")}</th>
          </tr>
        </thead>
        <tbody>
          {o.materials.map((m, k) => (
            <tr key={k} class={m.short > 0 ? "short" : undefined}>
              <th scope="row">{m.material}</th>
              <td>{m.operation}</td>
              <td class="num">
                {formatNumber(m.required, 3)} {m.uom}
              </td>
              <td class="num">{formatNumber(m.reserved, 3)}</td>
              <td class="num">{formatNumber(m.consumed, 3)}</td>
              <td class="num">{m.short > 0 ? <strong class="short-qty">{formatNumber(m.short, 3)}</strong> : "0"}</td>
              <td>{m.backflush ? to("yes") : to("no")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Consumptions({ order: o }: { order: Order }) {
  const rows = o.operations.flatMap((op) => op.consumed.map((c) => ({ ...c, operation: op.id })));
  if (rows.length === 0) return <p class="muted">{to("no_consumptions")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{to("col_lot")}</th>
            <th scope="col">{to("col_material")}</th>
            <th scope="col">{to("col_operation")}</th>
            <th scope="col" class="num">
              {to("quantity")}
            </th>
            <th scope="col">{to("col_location")}</th>
            <th scope="col">{to("col_into")}</th>
            <th scope="col">{to("col_at")}</th>
            <th scope="col">{to("col_by")}</th>
            <th scope="col">{to("col_deviation")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c, k) => (
            <tr key={k}>
              <th scope="row">
                <LotLink lot={c.lot} />
              </th>
              <td>{c.material}</td>
              <td>{c.operation}</td>
              <td class="num">{formatNumber(c.quantity, 3)}</td>
              <td>{c.location}</td>
              <td>{c.output ? <LotLink lot={c.output} /> : to("whole_order")}</td>
              <td class="nowrap">{formatTime(c.at)}</td>
              <td>
                {c.actor}
                {c.backflush ? <span class="muted small"> ({to("col_backflush")})</span> : null}
              </td>
              <td>{c.deviation_reason || "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Outputs({ order: o }: { order: Order }) {
  const rows = o.operations.flatMap((op) => op.produced.map((p) => ({ ...p, operation: op.id })));
  if (rows.length === 0) return <p class="muted">{to("no_outputs")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{to("col_lot")}</th>
            <th scope="col">{to("col_operation")}</th>
            <th scope="col" class="num">
              {to("quantity")}
            </th>
            <th scope="col">{to("col_location")}</th>
            <th scope="col">{to("col_at")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.lot}>
              <th scope="row">
                <LotLink lot={p.lot} />
              </th>
              <td>{p.operation}</td>
              <td class="num">
                {formatNumber(p.quantity, 3)} {o.uom}
              </td>
              <td>{p.location}</td>
              <td class="nowrap">{formatTime(p.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function yieldOf(good: number, scrap: number): number | null {
  return good + scrap > 0 ? good / (good + scrap) : null;
}

// Rolled throughput yield: the product of each operation's yield, over those that reported.
function rolledYield(ops: { good: number; scrap: number }[]): number | null {
  const ys = ops.map((op) => yieldOf(op.good, op.scrap)).filter((y): y is number => y !== null);
  return ys.length > 0 ? ys.reduce((a, b) => a * b, 1) : null;
}

function PerformanceView({ perf: p, order, now }: { perf: Performance; order: Order; now: Date }) {
  const reported = p.operations.some((op) => op.good > 0 || op.scrap > 0 || op.nothing_produced);
  // The server's times stop at the last pause; a running operation's time so far is added here.
  const live = new Map(order.operations.map((op) => [op.id, timesNow(op, now)]));
  const running = order.operations.some((op) => op.status === "running");
  const total = [...live.values()].reduce((a, t) => ({ machine: a.machine + t.machine, labour: a.labour + t.labour }), {
    machine: 0,
    labour: 0,
  });
  return (
    <div class="wo-perf">
      <div class="perf-cards">
        <div class="card">
          <h3>{to("perf_times")}</h3>
          <dl class="facts compact">
            <Item term={to("perf_planned_time")}>{formatDuration(p.planned_time_s)}</Item>
            <Item term={to("perf_machine_time")}>{formatDuration(total.machine)}</Item>
            <Item term={to("perf_labour_time")}>{formatDuration(total.labour)}</Item>
          </dl>
          {running ? <p class="muted small">{to("perf_live")}</p> : null}
        </div>
        <div class="card">
          <h3>{to("perf_quantities")}</h3>
          <dl class="facts compact">
            <Item term={to("perf_ordered")}>
              {formatNumber(p.quantity, 3)} {p.uom}
            </Item>
            <Item term={to("perf_produced")}>{formatNumber(p.produced, 3)}</Item>
            <Item term={to("perf_good")}>{formatNumber(p.good, 3)}</Item>
            <Item term={to("perf_scrap")}>{formatNumber(p.scrap, 3)}</Item>
            <Item term={to("perf_rolled_yield")}>
              <span title={to("perf_rolled_yield_hint")}>{formatPercent(rolledYield(p.operations))}</span>
            </Item>
          </dl>
        </div>
        {p.nothing_produced.length > 0 ? (
          <div class="card note-card">
            <h3>{to("nothing_produced")}</h3>
            <ul>
              {p.nothing_produced.map((n) => (
                <li key={n.operation}>{to("nothing_produced_at", { operation: n.operation, reason: n.reason })}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {!reported ? <p class="muted">{to("perf_none")}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{to("col_operation")}</th>
              <th scope="col" class="num">
                {to("perf_planned_time")}
              </th>
              <th scope="col" class="num">
                {to("perf_machine_time")}
              </th>
              <th scope="col" class="num">
                {to("perf_labour_time")}
              </th>
              <th scope="col" class="num">
                {to("col_good")}
              </th>
              <th scope="col" class="num">
                {to("col_scrap")}
              </th>
              <th scope="col" class="num">
                {to("perf_yield")}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.operations.map((op) => (
              <tr key={op.operation}>
                <th scope="row">
                  {op.operation}
                  {op.nothing_produced ? (
                    <div class="note small">{to("nothing_produced_op", { reason: op.nothing_produced })}</div>
                  ) : null}
                </th>
                <td class="num">{formatDuration(op.planned_time_s)}</td>
                <td class="num">{formatDuration(live.get(op.operation)?.machine ?? op.machine_time_s)}</td>
                <td class="num">{formatDuration(live.get(op.operation)?.labour ?? op.labour_time_s)}</td>
                <td class="num">{formatNumber(op.good, 3)}</td>
                <td class="num">{formatNumber(op.scrap, 3)}</td>
                <td class="num">{formatPercent(yieldOf(op.good, op.scrap))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.materials.length > 0 ? (
        <>
          <h3>{to("perf_material")}</h3>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{to("col_material")}</th>
                  <th scope="col">{to("col_operation")}</th>
                  <th scope="col" class="num">
                    {to("col_required")}
                  </th>
                  <th scope="col" class="num">
                    {to("col_planned_for_reported")}
                  </th>
                  <th scope="col" class="num">
                    {to("col_consumed")}
                  </th>
                  <th scope="col" class="num">
                    {to("col_variance")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.materials.map((m, k) => (
                  <tr key={k}>
                    <th scope="row">{m.material}</th>
                    <td>{m.operation}</td>
                    <td class="num">
                      {formatNumber(m.required_for_order, 3)} {m.uom}
                    </td>
                    <td class="num">{formatNumber(m.planned_for_reported, 3)}</td>
                    <td class="num">{formatNumber(m.consumed, 3)}</td>
                    <td class={`num${m.variance > 0 ? " over" : ""}`}>
                      {m.variance > 0 ? "+" : ""}
                      {formatNumber(m.variance, 3)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}

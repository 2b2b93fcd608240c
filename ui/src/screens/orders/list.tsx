// /orders: the work orders, filtered by status, due days, site, product definition and text, sorted
// by any column, a page at a time (the API pages by id with after/next_after), with their progress
// and lateness (past due, and projected late by the active schedule).
import { useLocation } from "preact-iso";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { formatDuration, formatNumber, formatTime } from "../../i18n";
import { tc } from "../../lib/catalogue";
import { can } from "../../lib/session";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { message, to, statusName, type OrdersKey } from "./catalogue";
import { type Choice, fetchOrders, fetchProductDefinitions, fetchSchedule, fetchSites, pageSize, projections } from "./data";
import {
  apiQuery,
  checkFilters,
  defaultList,
  hasFilters,
  lateness,
  type ListState,
  listQueryString,
  mergePage,
  nextSort,
  operationsDone,
  type Order,
  parseListState,
  type Projection,
  type SortKey,
  sortOrders,
  statuses,
} from "./model";
import { Field, LateBadge, ProgressBar, StatusBadge, described } from "./parts";

interface Held {
  key: string; // the filters these pages are for
  items: Order[];
  next: string | null; // next_after of the last page; null when all is here
}

const columns: { key: SortKey; text: OrdersKey; num?: boolean }[] = [
  { key: "id", text: "col_order" },
  { key: "status", text: "col_status" },
  { key: "product", text: "col_product" },
  { key: "quantity", text: "col_quantity", num: true },
  { key: "due", text: "col_due" },
  { key: "priority", text: "col_priority", num: true },
  { key: "progress", text: "col_progress" },
];

export default function OrderList() {
  const { query, route } = useLocation();
  const state = parseListState(query);
  const problems = checkFilters(state);
  const apiFilters = problems.dueTo ? null : apiQuery(state);
  const key = JSON.stringify(apiFilters);

  const [held, setHeld] = useState<Held | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sites, setSites] = useState<Choice[]>([]);
  const [products, setProducts] = useState<Choice[]>([]);
  const [plan, setPlan] = useState<Map<string, Projection>>(new Map());
  const [now, setNow] = useState(() => new Date());
  const [text, setText] = useState(state.q);
  const [round, setRound] = useState(0); // a retry loads again

  // The latest state, for what runs later (the search box's pause).
  const stateRef = useRef(state);
  stateRef.current = state;
  const go = (s: ListState) => route(`/orders${listQueryString(s)}`, true);
  const set = (patch: Partial<ListState>) => go({ ...stateRef.current, ...patch });

  useEffect(() => {
    fetchSites().then(setSites, () => setSites([]));
    fetchProductDefinitions().then(
      (ps) => setProducts(ps.map((p) => ({ id: p.id, description: p.description }))),
      () => setProducts([]),
    );
  }, []);

  // The first page for these filters; and the schedule's projections beside it.
  useEffect(() => {
    if (!apiFilters) return;
    let live = true;
    setBusy(true);
    setError(null);
    Promise.all([fetchOrders(apiFilters), fetchSchedule().catch(() => null)]).then(
      ([page, schedule]) => {
        if (!live) return;
        setHeld({ key, items: page.items, next: page.next_after ?? null });
        setPlan(projections(schedule));
        setNow(new Date());
        setBusy(false);
      },
      (e) => {
        if (!live) return;
        setError(e);
        setBusy(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, round]);

  // Live enough for a planner: what is loaded is read again every 30 s while the page is seen.
  const heldRef = useRef(held);
  heldRef.current = held;
  useEffect(() => {
    if (!apiFilters) return;
    const timer = setInterval(() => {
      const h = heldRef.current;
      if (!h || h.key !== key || document.visibilityState !== "visible") return;
      const limit = Math.min(1000, Math.max(pageSize, h.items.length));
      Promise.all([fetchOrders(apiFilters, undefined, limit), fetchSchedule().catch(() => null)]).then(
        ([page, schedule]) => {
          if (heldRef.current?.key !== key) return;
          setHeld({ key, items: page.items, next: page.next_after ?? null });
          setPlan(projections(schedule));
          setNow(new Date());
        },
        () => undefined, // the next round tries again
      );
    }, 30_000);
    return () => clearInterval(timer);
  }, [key]);

  // The search box follows the address (back, clear) and writes to it after a pause in typing.
  useEffect(() => setText(state.q), [state.q]);
  useEffect(() => {
    if (text.trim() === stateRef.current.q) return;
    const timer = setTimeout(() => set({ q: text.trim() }), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const loadMore = async () => {
    if (!held?.next || !apiFilters) return;
    setBusy(true);
    try {
      const page = await fetchOrders(apiFilters, held.next);
      setHeld({ key, items: mergePage(held.items, page.items), next: page.next_after ?? null });
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const current = held && held.key === key ? held : null;
  const rows = useMemo(() => (current ? sortOrders(current.items, state.sort, state.dir) : []), [current, state.sort, state.dir]);
  const lateCount = rows.filter((o) => lateness(o, now) === "late").length;
  const sortedColumn = to(columns.find((c) => c.key === state.sort)!.text);

  return (
    <Page
      title={to("list_title")}
      actions={
        can("plan_production") ? (
          <a class="button primary" href="/orders/new">
            {to("new_order")}
          </a>
        ) : null
      }
    >
      <form class="wo-filters card" role="search" aria-label={to("filters")} onSubmit={(e) => e.preventDefault()}>
        <Field id="f-q" label={to("f_search")}>
          <input
            {...described("f-q")}
            type="search"
            placeholder={to("f_search_hint")}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </Field>
        <Field id="f-status" label={to("f_status")}>
          <select
            id="f-status"
            value={state.status}
            onChange={(e) => set({ status: e.currentTarget.value as ListState["status"] })}
          >
            <option value="">{to("f_all_statuses")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {statusName(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-site" label={to("f_site")}>
          <select id="f-site" value={state.site} onChange={(e) => set({ site: e.currentTarget.value })}>
            <option value="">{to("f_all_sites")}</option>
            {withCurrent(sites, state.site).map((s) => (
              <option key={s.id} value={s.id}>
                {s.description ? `${s.id} – ${s.description}` : s.id}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-product" label={to("f_product")}>
          <select id="f-product" value={state.product} onChange={(e) => set({ product: e.currentTarget.value })}>
            <option value="">{to("f_all_products")}</option>
            {withCurrent(products, state.product).map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-due-from" label={to("f_due_from")}>
          <input
            id="f-due-from"
            type="date"
            value={state.dueFrom}
            onChange={(e) => set({ dueFrom: e.currentTarget.value })}
          />
        </Field>
        <Field id="f-due-to" label={to("f_due_to")} error={message(problems.dueTo)}>
          <input
            {...described("f-due-to", undefined, message(problems.dueTo))}
            type="date"
            value={state.dueTo}
            min={state.dueFrom || undefined}
            onChange={(e) => set({ dueTo: e.currentTarget.value })}
          />
        </Field>
        {hasFilters(state) ? (
          <div class="field actions-field">
            <button type="button" onClick={() => go({ ...defaultList, sort: state.sort, dir: state.dir })}>
              {to("clear_filters")}
            </button>
          </div>
        ) : null}
      </form>

      <ErrorBanner error={error} />
      {!current && !error && !problems.dueTo ? <Loading /> : null}
      {current ? (
        <>
          <p class="wo-count" role="status">
            {rows.length === 1 ? to("shown_one") : to("shown", { n: formatNumber(rows.length) })}
            {lateCount > 0 ? <span class="late-count"> · {to("late_count", { n: lateCount })}</span> : null}
          </p>
          {rows.length === 0 ? (
            <div class="card empty">
              <p>{hasFilters(state) ? to("no_match") : to("no_orders")}</p>
              {hasFilters(state) ? (
                <button type="button" onClick={() => go({ ...defaultList, sort: state.sort, dir: state.dir })}>
                  {to("clear_filters")}
                </button>
              ) : null}
            </div>
          ) : (
            <div class="table-wrap" aria-busy={busy ? "true" : undefined}>
              <table class="wo-table">
                <caption class="sr-only">
                  {to("table_caption", { column: sortedColumn, dir: to(state.dir === "asc" ? "ascending" : "descending") })}
                </caption>
                <thead>
                  <tr>
                    {columns.map((c) => (
                      <th
                        key={c.key}
                        scope="col"
                        class={c.num ? "num" : undefined}
                        aria-sort={state.sort === c.key ? (state.dir === "asc" ? "ascending" : "descending") : undefined}
                      >
                        <button type="button" class="sort" onClick={() => set(nextSort(state, c.key))}>
                          {to(c.text)}
                          <span aria-hidden="true" class="arrow">
                            {state.sort === c.key ? (state.dir === "asc" ? "▲" : "▼") : "↕"}
                          </span>
                        </button>
                      </th>
                    ))}
                    <th scope="col">{to("col_site")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((o) => (
                    <OrderRow key={o.id} order={o} now={now} projection={plan.get(o.id)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {current.next ? (
            <div class="wo-more">
              {state.sort !== "id" ? <p class="muted">{to("sorted_loaded", { n: formatNumber(rows.length) })}</p> : null}
              <button type="button" onClick={() => void loadMore()} disabled={busy}>
                {busy ? to("loading_more") : to("load_more")}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
      {error && !current ? (
        <button type="button" onClick={() => setRound((r) => r + 1)}>
          {tc("retry")}
        </button>
      ) : null}
    </Page>
  );
}

// The choices, with the current value kept even if it is not (or no longer) among them.
function withCurrent(choices: Choice[], current: string): Choice[] {
  return current && !choices.some((c) => c.id === current) ? [...choices, { id: current }] : choices;
}

function OrderRow({ order: o, now, projection }: { order: Order; now: Date; projection?: Projection }) {
  const late = lateness(o, now);
  const projectedLate = projection && !projection.on_time && (o.status === "released" || o.status === "in_progress");
  return (
    <tr class={late === "late" ? "late" : undefined}>
      <td>
        <a href={`/orders/${encodeURIComponent(o.id)}`} class="wo-id">
          {o.id}
        </a>
        {o.description ? <div class="muted small">{o.description}</div> : null}
      </td>
      <td>
        <StatusBadge status={o.status} />
        {o.status === "on_hold" && o.status_reason ? <div class="muted small">{o.status_reason}</div> : null}
      </td>
      <td>
        {o.product}
        <div class="muted small">{o.product_definition}</div>
      </td>
      <td class="num">
        {formatNumber(o.quantity, 3)} {o.uom}
      </td>
      <td>
        <span class="nowrap">{formatTime(o.due)}</span> <LateBadge lateness={late} />
        {projectedLate ? (
          <div class="projected-late small">{to("projected_late", { late: formatDuration(projection.lateness_s) })}</div>
        ) : null}
      </td>
      <td class="num">{o.priority}</td>
      <td>
        <ProgressBar order={o} />
        <div class="muted small">{to("ops_done", { done: operationsDone(o), total: o.operations.length })}</div>
      </td>
      <td>{o.site}</td>
    </tr>
  );
}

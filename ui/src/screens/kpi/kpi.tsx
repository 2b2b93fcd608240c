// The KPI view (/kpi): for any equipment and window (a shift, a day, or from/to), OEE and its three
// factors, the loss waterfall, the downtime Pareto by reason and the trend per shift over days, as
// GET /api/v1/kpi and /api/v1/kpi/trend give them. The selection lives in the URL.
import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, ApiFailure, must } from "../../lib/api";
import { ErrorBanner, Loading, Page, useLoad } from "../../lib/ui";
import { formatDuration, formatNumber, formatPercent, formatTime, lang } from "../../i18n";
import { chooseSite, type Equipment } from "../board/model";
import { Chart, ChartFigure, colours, type ChartOption } from "./chart";
import { stepName, t } from "./catalogue";
import {
  dateInput,
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
  trendSpans,
  trendWindow,
  waterfallBars,
  type KpiReport,
  type KpiTrend,
  type Selection,
  type TrendRow,
  type WindowKind,
} from "./model";
import "./kpi.css";

async function allEquipment(): Promise<Equipment[]> {
  const out: Equipment[] = [];
  let after: string | undefined;
  do {
    const page = await must(api.GET("/api/v1/equipment", { params: { query: { limit: 1000, after } } }));
    out.push(...page.items);
    after = page.next_after ?? undefined;
  } while (after);
  return out.filter((e) => !e.retired && e.level !== "storage_zone" && e.level !== "storage_unit");
}

// The hierarchy in reading order, each node with its depth.
function hierarchy(list: Equipment[]): { e: Equipment; depth: number }[] {
  const children = new Map<string, Equipment[]>();
  for (const e of list) children.set(e.parent ?? "", [...(children.get(e.parent ?? "") ?? []), e]);
  const ids = new Set(list.map((e) => e.id));
  const out: { e: Equipment; depth: number }[] = [];
  const walk = (parent: string, depth: number) => {
    for (const e of (children.get(parent) ?? []).sort((a, b) => a.id.localeCompare(b.id))) {
      out.push({ e, depth });
      walk(e.id, depth + 1);
    }
  };
  walk("", 0);
  // Nodes whose parent is not listed (retired, or storage) still appear, at the top level.
  for (const e of list) if (e.parent && !ids.has(e.parent) && !out.some((o) => o.e.id === e.id)) out.push({ e, depth: 0 });
  return out;
}

type Loaded = { key: string; report: KpiReport | undefined };

export default function Kpi() {
  const { query, route } = useLocation();
  const equipment = useLoad(allEquipment, []);
  useEffect(() => void loadStateNames(), []); // for the Pareto, while the rest loads
  const sites = (equipment.data ?? []).filter((e) => e.level === "site");
  const fallback =
    chooseSite(sites, null, localStorage.getItem("takt.board.site"), Intl.DateTimeFormat().resolvedOptions().timeZone) ?? "";
  const sel = selectionOf(query, fallback);
  const key = queryString(sel);
  const go = (s: Selection) => route(`/kpi?${queryString(s)}`);
  const known = equipment.data?.find((e) => e.id === sel.equipment);
  const waiting = !sel.equipment || (sel.window === "custom" && !sel.from);
  const report = useLoad<Loaded>(
    async () => ({
      key,
      report: waiting ? undefined : await must(api.GET("/api/v1/kpi", { params: { query: kpiQuery(sel) } })),
    }),
    [key],
  );
  const current = report.data?.key === key ? report.data.report : undefined;
  const error = report.error;

  return (
    <Page title={sel.equipment ? t("title_of", { id: sel.equipment }) : t("title")}>
      <ErrorBanner error={equipment.error} />
      {!equipment.data && !equipment.error ? <Loading /> : null}
      {equipment.data ? <Controls key={key} sel={sel} equipment={equipment.data} go={go} error={error} /> : null}
      {error && !shownFields(sel).includes(fieldOf(error) ?? "") ? <ErrorBanner error={error} /> : null}
      {!waiting && !error && !current ? <Loading /> : null}
      {current && !error ? <Report key={key} sel={sel} r={current} known={known} go={go} /> : null}
      {/* Loaded beside the report, not after it. */}
      {!waiting && !error ? <Trend key={key} sel={sel} /> : null}
    </Page>
  );
}

// ---- the selection --------------------------------------------------------------------------------

// The fields of the form a refusal may name, for the selection's window.
function shownFields(sel: Selection): string[] {
  if (sel.window === "shift") return ["equipment", "window", "at"];
  if (sel.window === "day") return ["equipment", "at", "window"];
  return ["equipment", "from", "to"];
}

// The server's refusal, shown at the field it names.
function FieldError({ error, fields }: { error: unknown; fields: string[] }) {
  const field = fieldOf(error);
  if (!field || !fields.includes(field) || !(error instanceof ApiFailure)) return null;
  return (
    <span class="field-error" role="alert">
      {error.error.message}
    </span>
  );
}

function Controls({
  sel,
  equipment,
  go,
  error,
}: {
  sel: Selection;
  equipment: Equipment[];
  go: (s: Selection) => void;
  error: unknown;
}) {
  const [draft, setDraft] = useState(sel);
  const bad = (...fields: string[]) => (fields.includes(fieldOf(error) ?? "") ? true : undefined);
  const tree = useMemo(() => hierarchy(equipment), [equipment]);
  const set = (patch: Partial<Selection>, now = false) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (now) go(next);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    go(draft);
  };
  return (
    <form class="kpi-controls panel" onSubmit={submit}>
      <label>
        {t("equipment")}
        <select
          value={draft.equipment}
          aria-invalid={bad("equipment")}
          onChange={(e) => set({ equipment: e.currentTarget.value }, true)}
        >
          {tree.map(({ e, depth }) => (
            <option key={e.id} value={e.id}>
              {"\u00a0\u00a0".repeat(depth)}
              {e.id}
              {e.description ? ` – ${e.description}` : ""}
            </option>
          ))}
        </select>
      </label>
      <fieldset class="window-kind">
        <legend>{t("window")}</legend>
        {(["shift", "day", "custom"] as WindowKind[]).map((k) => (
          <label key={k} class="radio">
            <input
              type="radio"
              name="window"
              value={k}
              checked={draft.window === k}
              onChange={() => set({ window: k }, k !== "custom")}
            />
            {t(k)}
          </label>
        ))}
        <FieldError error={error} fields={draft.window === "shift" ? ["window"] : []} />
      </fieldset>
      {draft.window === "shift" ? (
        <label>
          {t("shift_at")}
          <input
            type="datetime-local"
            name="at"
            value={localInput(draft.at)}
            aria-describedby="at-hint"
            aria-invalid={bad("at")}
            onChange={(e) => set({ at: fromLocalInput(e.currentTarget.value) })}
          />
          <span id="at-hint" class="hint">
            {t("shift_at_hint")}
          </span>
          <FieldError error={error} fields={["at"]} />
        </label>
      ) : null}
      {draft.window === "day" ? (
        <label>
          {t("date")}
          <input
            type="date"
            name="date"
            value={draft.date ?? dateInput(new Date())}
            aria-invalid={bad("at", "window")}
            onChange={(e) => set({ date: e.currentTarget.value || null })}
          />
          <FieldError error={error} fields={["at", "window"]} />
        </label>
      ) : null}
      {draft.window === "custom" ? (
        <>
          <label>
            {t("from")}
            <input
              type="datetime-local"
              name="from"
              required
              value={localInput(draft.from)}
              aria-invalid={bad("from")}
              onChange={(e) => set({ from: fromLocalInput(e.currentTarget.value) })}
            />
            <FieldError error={error} fields={["from"]} />
          </label>
          <label>
            {t("to")}
            <input
              type="datetime-local"
              name="to"
              value={localInput(draft.to)}
              aria-invalid={bad("to")}
              onChange={(e) => set({ to: fromLocalInput(e.currentTarget.value) })}
            />
            <FieldError error={error} fields={["to"]} />
          </label>
        </>
      ) : null}
      <label>
        {t("trend_span")}
        <select value={draft.days} onChange={(e) => set({ days: Number(e.currentTarget.value) }, true)}>
          {trendSpans.map((n) => (
            <option key={n} value={n}>
              {t("days", { n })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="primary">
        {t("show")}
      </button>
    </form>
  );
}

// ---- the report -------------------------------------------------------------------------------------

// The field of the form a refusal names, for showing it where the user acts.
function fieldOf(error: unknown): string | null {
  return error instanceof ApiFailure ? (error.error.field ?? null) : null;
}

function Report({
  sel,
  r,
  known,
  go,
}: {
  sel: Selection;
  r: KpiReport;
  known: Equipment | undefined;
  go: (s: Selection) => void;
}) {
  const cut = Date.parse(r.to) < Date.parse(r.window.to);
  const step = sel.window === "custom" ? null : sel.window;
  return (
    <div class="report">
      <div class="report-head">
        <p class="window-line">
          <strong>{known?.description ? `${known.id} – ${known.description}` : r.equipment}</strong>
          {" · "}
          {t("window_line", { from: formatTime(r.window.from), to: formatTime(r.window.to) })}
          {cut ? ` · ${t("window_cut", { time: formatTime(r.to) })}` : ""}
          {" · "}
          {t("units", { n: r.work_units })}
        </p>
        {step ? (
          <div class="steps">
            <button type="button" onClick={() => go(neighbour(sel, r, -1))}>
              ← {t(step === "shift" ? "previous_shift" : "previous_day")}
            </button>
            <button type="button" onClick={() => go(neighbour(sel, r, 1))}>
              {t(step === "shift" ? "next_shift" : "next_day")} →
            </button>
          </div>
        ) : null}
      </div>
      {r.work_units === 0 ? <p class="empty">{t("no_units")}</p> : null}
      <Figures r={r} />
      {r.warnings.length ? (
        <details class="warnings">
          <summary>{t("warnings")}</summary>
          <ul>
            {r.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <div class="charts">
        <Waterfall r={r} />
        <Pareto r={r} />
      </div>
    </div>
  );
}

function Figures({ r }: { r: KpiReport }) {
  const main: [string, string, number | null | undefined, string][] = [
    ["oee", t("oee"), r.kpi.oee, t("oee_def")],
    ["availability", t("availability"), r.kpi.availability_iso, t("availability_def")],
    ["performance", t("performance"), r.kpi.effectiveness_iso, t("performance_def")],
    ["quality", t("quality"), r.kpi.quality_ratio, t("quality_def")],
  ];
  const more: [string, string][] = [
    [t("produced"), formatNumber(r.counts.produced)],
    [t("good"), formatNumber(r.counts.good)],
    [t("reject"), formatNumber(r.counts.reject)],
    [t("planned_busy"), formatDuration(r.elements_s.PBT)],
    [t("production_time"), formatDuration(r.elements_s.APT)],
    [t("failures"), formatNumber(r.kpi.failures)],
    [t("mtbf"), formatDuration(r.kpi.mtbf_s)],
    [t("mttr"), formatDuration(r.kpi.mttr_s)],
  ];
  return (
    <section class="kpi-figures" aria-label={t("oee")}>
      <dl class="big-figures">
        {main.map(([key, name, value, def]) => (
          <div key={key} class={`big-figure ${key}`} data-kpi={key} data-value={value ?? ""}>
            <dt>{name}</dt>
            <dd>{formatPercent(value)}</dd>
            <dd class="def">{def}</dd>
          </div>
        ))}
      </dl>
      <dl class="small-figures">
        {more.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Waterfall({ r }: { r: KpiReport }) {
  const { scale, unit } = timeScale(r.time_s.window);
  const bars = waterfallBars(r.waterfall, scale);
  const names = bars.map((b) => stepName(b.step));
  const fmt = (v: number) => formatNumber(v, 1);
  const signed = (b: { kind: string; size: number }) => {
    const v = fmt(b.size);
    return b.kind === "loss" && v !== fmt(0) ? `−${v}` : v;
  };
  const option: ChartOption = {
    animation: false,
    grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (p: unknown) => {
        const i = (p as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        return `${names[i]}: ${formatDuration(Math.abs(bars[i]!.seconds))}`;
      },
    },
    xAxis: { type: "value", name: unit, axisLabel: { formatter: (v: number) => fmt(v) } },
    yAxis: { type: "category", data: names, inverse: true, axisLabel: { color: "#1b1f24" } },
    series: [
      { type: "bar", stack: "w", silent: true, itemStyle: { color: "transparent" }, data: bars.map((b) => b.base) },
      {
        type: "bar",
        stack: "w",
        data: bars.map((b) => ({ value: b.size, itemStyle: { color: colours[b.kind] } })),
        label: {
          show: true,
          position: "right",
          color: "#1b1f24",
          formatter: (p: { dataIndex: number }) => signed(bars[p.dataIndex]!),
        },
      },
    ],
  };
  const label = t("waterfall_label", {
    unit,
    steps: bars.map((b, i) => `${names[i]} ${signed(b)}`).join(", "),
  });
  return (
    <ChartFigure
      id="waterfall"
      title={t("waterfall")}
      tableLabel={t("data_table")}
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t("step")}</th>
              <th scope="col" class="num">
                {unit === "h" ? t("hours") : t("minutes")}
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b, i) => (
              <tr key={b.step} class={b.kind}>
                <th scope="row">{names[i]}</th>
                <td class="num">{signed(b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <Chart option={option} label={label} height={Math.max(260, bars.length * 26 + 40)} />
    </ChartFigure>
  );
}

// The state models' names for the Pareto's state codes, once per visit of the view.
let namesOnce: Promise<Map<string, string>> | null = null;
function loadStateNames(): Promise<Map<string, string>> {
  namesOnce ??= must(api.GET("/api/v1/state-models", { params: { query: { limit: 1000 } } })).then((p) => stateNames(p.items));
  namesOnce.catch(() => (namesOnce = null));
  return namesOnce;
}

function Pareto({ r }: { r: KpiReport }) {
  const names = useLoad(loadStateNames, []);
  const rows = paretoRows(r.pareto, names.data);
  const total = rows.reduce((n, x) => n + x.seconds, 0);
  const { scale, unit } = timeScale(Math.max(total, 1));
  const option: ChartOption = {
    animation: false,
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: "axis" },
    xAxis: {
      type: "category",
      data: rows.map((x) => x.label),
      axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0, color: "#1b1f24", width: 140, overflow: "truncate" },
    },
    yAxis: [
      { type: "value", name: unit, axisLabel: { formatter: (v: number) => formatNumber(v, 1) } },
      { type: "value", name: "%", min: 0, max: 100 },
    ],
    series: [
      {
        type: "bar",
        name: t("stop_hours", { unit }),
        data: rows.map((x) => Math.round((x.seconds / scale) * 100) / 100),
        itemStyle: { color: colours.loss },
      },
      {
        type: "line",
        name: t("cumulative_share"),
        yAxisIndex: 1,
        data: rows.map((x) => percent(x.cumulative)),
        itemStyle: { color: colours.total },
        lineStyle: { color: colours.total },
      },
    ],
  };
  const label = t("pareto_label", {
    rows: rows.map((x) => `${x.label} ${formatDuration(x.seconds)} (${formatPercent(x.share)})`).join(", "),
  });
  return (
    <ChartFigure
      id="pareto"
      title={t("pareto")}
      tableLabel={t("data_table")}
      table={
        rows.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("reason")}</th>
                <th scope="col" class="num">
                  {t("stop_time")}
                </th>
                <th scope="col" class="num">
                  {t("stops")}
                </th>
                <th scope="col" class="num">
                  {t("share")}
                </th>
                <th scope="col" class="num">
                  {t("cumulative")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => (
                <tr key={x.label}>
                  <th scope="row">{x.label}</th>
                  <td class="num">{formatDuration(x.seconds)}</td>
                  <td class="num">{formatNumber(x.stops)}</td>
                  <td class="num">{formatPercent(x.share)}</td>
                  <td class="num">{formatPercent(x.cumulative)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t("pareto_empty")}</p>
        )
      }
    >
      {rows.length ? <Chart option={option} label={label} /> : <p class="empty">{t("pareto_empty")}</p>}
    </ChartFigure>
  );
}

type TrendData = { trend: KpiTrend; byDay: boolean };

// Shift by shift where a calendar applies, else day by day.
async function loadTrend(equipment: string, window: { from: string; to: string }): Promise<TrendData> {
  try {
    return { trend: await must(api.GET("/api/v1/kpi/trend", { params: { query: { equipment, ...window } } })), byDay: false };
  } catch (e) {
    if (!(e instanceof ApiFailure) || e.error.field !== "by") throw e;
    const trend = await must(api.GET("/api/v1/kpi/trend", { params: { query: { equipment, ...window, by: "day" } } }));
    return { trend, byDay: true };
  }
}

function periodLabel(row: TrendRow, byDay: boolean, timeZone: string): string {
  const locale = lang.value === "fr" ? "fr-FR" : "en-GB";
  const day = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", timeZone }).format(new Date(row.from));
  return byDay || !row.shift ? day : `${day} ${row.shift}`;
}

function Trend({ sel }: { sel: Selection }) {
  const trend = useLoad(() => loadTrend(sel.equipment, trendWindow(sel, Date.now())), []);
  const title = trend.data?.byDay ? t("trend_by_day", { n: sel.days }) : t("trend", { n: sel.days });
  if (trend.error) return <ErrorBanner error={trend.error} />;
  if (!trend.data) return <Loading />;
  const rows = trendRows(trend.data.trend);
  const labels = rows.map((x) => periodLabel(x, trend.data!.byDay, trend.data!.trend.time_zone));
  const lines: [keyof typeof colours, string, (x: TrendRow) => number | null][] = [
    ["oee", t("oee"), (x) => x.oee],
    ["availability", t("availability"), (x) => x.availability],
    ["performance", t("performance"), (x) => x.performance],
    ["quality", t("quality"), (x) => x.quality],
  ];
  const option: ChartOption = {
    animation: false,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "–" : `${v as number} %`) },
    xAxis: { type: "category", data: labels, axisLabel: { color: "#1b1f24" } },
    yAxis: { type: "value", min: 0, max: (v: { max: number }) => Math.max(100, Math.ceil(v.max / 10) * 10), name: "%" },
    series: lines.map(([key, name, f]) => ({
      type: "line" as const,
      name,
      data: rows.map((x) => percent(f(x))),
      connectNulls: false,
      symbolSize: 6,
      itemStyle: { color: colours[key] },
      lineStyle: { color: colours[key], width: key === "oee" ? 3 : 2 },
    })),
  };
  const label = t("trend_label", {
    rows: rows.map((x, i) => `${labels[i]} ${formatPercent(x.oee)}`).join(", "),
  });
  return (
    <ChartFigure
      id="trend"
      title={title}
      tableLabel={t("data_table")}
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t("period")}</th>
              {lines.map(([key, name]) => (
                <th key={key} scope="col" class="num">
                  {name}
                </th>
              ))}
              <th scope="col" class="num">
                {t("good")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x, i) => (
              <tr key={x.from}>
                <th scope="row">{labels[i]}</th>
                {lines.map(([key, , f]) => (
                  <td key={key} class="num">
                    {formatPercent(f(x))}
                  </td>
                ))}
                <td class="num">{formatNumber(x.good)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {rows.length ? <Chart option={option} label={label} /> : <p class="empty">{t("trend_empty")}</p>}
    </ChartFigure>
  );
}

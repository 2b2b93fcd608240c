// The plant board (/board): a site's areas, work centers and work units, each unit in its live state
// colour with its current order and operation and its OEE of the shift so far; the site's figures;
// alarms for stops waiting for a reason. Live from the server-sent events of the site.
import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, must, type Schemas } from "../../lib/api";
import { tc } from "../../lib/catalogue";
import { can } from "../../lib/session";
import { ErrorBanner, Loading, Page, useLoad } from "../../lib/ui";
import { formatDuration, formatNumber, formatPercent, lang } from "../../i18n";
import { t } from "./catalogue";
import {
  alarms,
  chooseSite,
  durationS,
  siteTree,
  stateClass,
  stopKey,
  unitCount,
  type AreaNode,
  type Element,
  type Equipment,
  type UnitNode,
  type WaitingStop,
} from "./model";
import { BoardStore } from "./store";
import "./board.css";

const siteKey = "takt.board.site";
const thresholdKey = "takt.board.threshold";
const thresholds = [2, 5, 10, 15, 30];
const elements: Element[] = ["APT", "ASUT", "ADET", "ADOT", "PDOT", "NODATA"];

const elementText = (e: Element) => t(`el_${e.toLowerCase()}` as "el_apt");

// A time of day, with the date when it is not today.
function clock(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  const locale = lang.value === "fr" ? "fr-FR" : "en-GB";
  return new Intl.DateTimeFormat(locale, today ? { timeStyle: "short" } : { dateStyle: "short", timeStyle: "short" }).format(d);
}

async function allEquipment(): Promise<Equipment[]> {
  const out: Equipment[] = [];
  let after: string | undefined;
  do {
    const page = await must(api.GET("/api/v1/equipment", { params: { query: { limit: 1000, after } } }));
    out.push(...page.items);
    after = page.next_after ?? undefined;
  } while (after);
  return out;
}

export default function Board() {
  const { query, route } = useLocation();
  const equipment = useLoad(allEquipment, []);
  const [threshold, setThreshold] = useState(() => Number(localStorage.getItem(thresholdKey)) || 5);
  const sites = (equipment.data ?? []).filter((e) => e.level === "site" && !e.retired).sort((a, b) => a.id.localeCompare(b.id));
  const site = chooseSite(
    sites,
    query.site ?? null,
    localStorage.getItem(siteKey),
    Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const tree = useMemo(() => (equipment.data && site ? siteTree(equipment.data, site) : []), [equipment.data, site]);

  const pickSite = (id: string) => {
    localStorage.setItem(siteKey, id);
    route(`/board?site=${encodeURIComponent(id)}`);
  };
  const pickThreshold = (n: number) => {
    localStorage.setItem(thresholdKey, String(n));
    setThreshold(n);
  };

  const actions = sites.length ? (
    <>
      <label class="inline">
        {t("site")}
        <select value={site ?? ""} onChange={(e) => pickSite(e.currentTarget.value)}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id}
              {s.description ? ` – ${s.description}` : ""}
            </option>
          ))}
        </select>
      </label>
      <label class="inline">
        {t("threshold")}
        <select value={threshold} onChange={(e) => pickThreshold(Number(e.currentTarget.value))}>
          {thresholds.map((n) => (
            <option key={n} value={n}>
              {t("minutes", { n })}
            </option>
          ))}
        </select>
      </label>
    </>
  ) : null;

  return (
    <Page title={t("title")} actions={actions}>
      {equipment.error ? <ErrorBanner error={equipment.error} /> : null}
      {!equipment.data && !equipment.error ? <Loading /> : null}
      {equipment.data && !site ? <p class="empty">{t("no_sites")}</p> : null}
      {site && equipment.data ? (
        unitCount(tree) ? (
          <SiteBoard key={site} site={site} tree={tree} thresholdS={threshold * 60} thresholdMin={threshold} />
        ) : (
          <p class="empty">{t("no_units")}</p>
        )
      ) : null}
    </Page>
  );
}

function SiteBoard({
  site,
  tree,
  thresholdS,
  thresholdMin,
}: {
  site: string;
  tree: AreaNode[];
  thresholdS: number;
  thresholdMin: number;
}) {
  const store = useMemo(() => new BoardStore(site, tree), [site, tree]);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  return (
    <div class="board" aria-busy={store.loaded.value ? undefined : "true"}>
      <LiveStatus store={store} />
      <ErrorBanner error={store.error.value} />
      <Figures store={store} />
      <Alarms store={store} thresholdS={thresholdS} thresholdMin={thresholdMin} />
      <Legend />
      {!store.loaded.value ? <Loading /> : null}
      {tree.map((a) => (
        <section key={a.id} class="area" aria-labelledby={`area-${a.id}`}>
          <header class="node-head">
            <h2 id={`area-${a.id}`}>
              {a.id}
              {a.description ? <span class="node-desc"> – {a.description}</span> : null}
            </h2>
            <NodeOee store={store} id={a.id} />
          </header>
          <div class="centers">
            {a.centers.map((c) => (
              <section key={c.id} class="center" aria-labelledby={`wc-${a.id}-${c.id}`}>
                <header class="node-head">
                  <h3 id={`wc-${a.id}-${c.id}`}>
                    {c.id}
                    {c.description && c.id !== a.id ? <span class="node-desc"> – {c.description}</span> : null}
                  </h3>
                  {c.id !== a.id ? <NodeOee store={store} id={c.id} /> : null}
                </header>
                <ul class="units">
                  {c.units.map((u) => (
                    <Tile key={u.id} store={store} unit={u} />
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

function LiveStatus({ store }: { store: BoardStore }) {
  const up = store.connected.value;
  return (
    <div class="live-line">
      <span class={`live-badge ${up ? "up" : "down"}`} role="status">
        {up ? tc("live_connected") : tc("live_disconnected")}
      </span>
      {!up && store.loaded.value ? <span class="stream-down">{t("stream_down")}</span> : null}
    </div>
  );
}

function Figures({ store }: { store: BoardStore }) {
  const f = store.figures.value;
  const k = f?.kpi;
  const tiles: [string, string][] = [
    [t("oee"), formatPercent(k?.oee)],
    [t("availability"), formatPercent(k?.availability_iso)],
    [t("performance"), formatPercent(k?.effectiveness_iso)],
    [t("quality"), formatPercent(k?.quality_ratio)],
    [t("good"), formatNumber(f?.good)],
    [t("reject"), formatNumber(f?.reject)],
  ];
  return (
    <section class="figures" aria-labelledby="figures-title">
      <h2 id="figures-title" class="window">
        {f ? t(f.shift ? "window_shift" : "window_day", { from: clock(f.from), to: clock(f.to) }) : t("loading_kpis")}
      </h2>
      <dl class="figure-row">
        {tiles.map(([name, value]) => (
          <div key={name} class="figure">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const shownAlarms = 10;

function Alarms({ store, thresholdS, thresholdMin }: { store: BoardStore; thresholdS: number; thresholdMin: number }) {
  const [all, setAll] = useState(false);
  const now = store.now.value;
  const list = alarms(store.waiting.value, thresholdS, now);
  const shown = all ? list : list.slice(0, shownAlarms);
  return (
    <section class={`alarms ${list.length ? "active" : ""}`} aria-labelledby="alarms-title">
      <h2 id="alarms-title">
        {t("alarms_title")} <span class="count">({list.length})</span>
      </h2>
      {/* Announced when the number changes, not at every tick of the durations below. */}
      <p class="sr-only" aria-live="polite">
        {t("alarms_count", { n: list.length })}
      </p>
      {list.length === 0 ? (
        <p class="muted">{t("alarms_none", { n: thresholdMin })}</p>
      ) : (
        <ul class="alarm-list">
          {shown.map((s) => (
            <Alarm key={stopKey(s.unit, s.start)} store={store} stop={s} now={now} />
          ))}
        </ul>
      )}
      {list.length > shownAlarms ? (
        <button type="button" class="more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t("alarms_fewer", { n: shownAlarms }) : t("alarms_all", { n: list.length })}
        </button>
      ) : null}
    </section>
  );
}

// One alarm, with the reason to give where the user may classify stops.
function Alarm({ store, stop, now }: { store: BoardStore; stop: WaitingStop; now: number }) {
  const state = store.model(stop.unit)?.states.get(stop.state);
  return (
    <li class="alarm" data-alarm-unit={stop.unit} data-alarm-start={stop.start}>
      <div class="alarm-what">
        <strong>{stop.unit}</strong> <span class="alarm-state">{state?.name ?? stop.state}</span>{" "}
        <span>
          {stop.end
            ? t("alarm_between", { from: clock(stop.start), to: clock(stop.end) })
            : t("alarm_since", { time: clock(stop.start) })}
        </span>{" "}
        <span class="alarm-duration">
          {t("alarm_for", { duration: formatDuration(durationS(stop, now)) })}
          {stop.end ? null : ` · ${t("still_stopped")}`}
        </span>
      </div>
      {can("execute_production") ? <Classify stop={stop} onDone={() => store.loadWaiting()} /> : null}
    </li>
  );
}

function Classify({ stop, onDone }: { stop: WaitingStop; onDone: () => void }) {
  const reasons = useLoad(() => downtimeReasons(), []);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await must(
        api.POST("/api/v1/equipment/{id}/stops/classify", {
          params: { path: { id: stop.unit } },
          body: { start: stop.start, reason },
        }),
      );
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const label = t("reason", { unit: stop.unit, time: clock(stop.start) });
  return (
    <form class="classify" onSubmit={submit}>
      <select aria-label={label} value={reason} required onChange={(e) => setReason(e.currentTarget.value)}>
        <option value="">{t("choose_reason")}</option>
        {(reasons.data ?? []).map((r) => (
          <option key={r.id} value={r.id}>
            {r.description ? `${r.description} (${r.id})` : r.id}
          </option>
        ))}
      </select>
      <button type="submit" class="primary" disabled={busy || !reason}>
        {busy ? t("classifying") : t("classify")}
      </button>
      <ErrorBanner error={error ?? reasons.error} />
    </form>
  );
}

let reasonsOnce: Promise<Schemas["DowntimeReason"][]> | null = null;
function downtimeReasons(): Promise<Schemas["DowntimeReason"][]> {
  reasonsOnce ??= must(api.GET("/api/v1/downtime-reasons", { params: { query: { limit: 1000 } } })).then((p) =>
    p.items.filter((r) => !r.retired),
  );
  reasonsOnce.catch(() => (reasonsOnce = null));
  return reasonsOnce;
}

function Legend() {
  return (
    <div class="legend" aria-label={t("legend")} role="group">
      <span class="legend-title">{t("legend")}</span>
      <ul>
        {elements.map((e) => (
          <li key={e}>
            <span class={`swatch ${stateClass(e)}`} aria-hidden="true" />
            {elementText(e)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NodeOee({ store, id }: { store: BoardStore; id: string }) {
  const oee = store.nodeOee.get(id)?.value;
  return (
    <a class="node-oee" href={`/kpi?equipment=${encodeURIComponent(id)}&window=shift`} title={t("kpi_link", { id })}>
      {t("oee_of", { value: formatPercent(oee) })}
    </a>
  );
}

function Tile({ store, unit }: { store: BoardStore; unit: UnitNode }) {
  const s = store.states.get(unit.id)!.value;
  const op = store.ops.get(unit.id)!.value;
  const oee = store.oee.get(unit.id)!.value;
  const code = s.machineCode ? ` · ${s.machineCode}` : "";
  return (
    <li class={`unit-tile ${stateClass(s.element)}`} data-unit={unit.id} data-state={s.state} data-element={s.element}>
      <div class="tile-head">
        <span class="unit-id">{unit.id}</span>
        <a
          class="unit-oee"
          href={`/kpi?equipment=${encodeURIComponent(unit.id)}&window=shift`}
          title={t("kpi_link", { id: unit.id })}
        >
          {t("oee_of", { value: formatPercent(oee) })}
        </a>
      </div>
      <div class="unit-desc">{unit.description}</div>
      <div class="state-line">
        <span class="state-badge">{elementText(s.element)}</span>
        <span class="state-name">
          {s.element === "NODATA" && s.state === "no_data" ? "" : s.name}
          {code}
        </span>
        {s.since ? <span class="since">{t("since", { time: clock(s.since) })}</span> : null}
      </div>
      <div class="op">
        {op ? (
          <>
            <span class="op-id">
              {op.order} · {op.operation}
            </span>{" "}
            <span class="op-product">{op.product}</span>
            {op.status === "paused" ? <span class="op-paused"> ({t("operation_paused")})</span> : null}
            <div class="op-progress">
              {t("progress", { good: formatNumber(op.good, 2), quantity: formatNumber(op.quantity, 2), uom: op.uom })}
              {op.scrap > 0 ? ` · ${t("scrap", { n: formatNumber(op.scrap, 2) })}` : ""}
            </div>
          </>
        ) : (
          <span class="muted">{t("no_operation")}</span>
        )}
      </div>
    </li>
  );
}

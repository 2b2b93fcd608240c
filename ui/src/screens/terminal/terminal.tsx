// /terminal/:unit — the operator terminal of one work unit, for a touch screen and a barcode
// scanner: the andon on top, the dispatch list (what runs now first), and the selected operation's
// actions: start with a crew, pause, resume, report, consume by scanning a lot, produce, complete.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { api, ApiFailure, must } from "../../lib/api";
import { openLive, type LiveConnection } from "../../lib/live";
import { listenForScans } from "../../lib/scanner";
import { can } from "../../lib/session";
import { formatNumber, formatTime } from "../../i18n";
import { ErrorBanner, Loading } from "../../lib/ui";
import { tc } from "../../lib/catalogue";
import { Andon, useNow, type MachineStatus } from "./andon";
import { CrewPicker, CrewRefusal, personName } from "./crew";
import { lastUnit, loadDowntimeReasons, loadEquipment, loadPersons, loadQualifications, rememberUnit } from "./data";
import { Dispatch, keyOf, type DispatchItem, type DispatchList, type InProgress } from "./dispatch";
import {
  scanKind,
  siteOf,
  storageAt,
  type DowntimeReason,
  type Equipment,
  type Person,
  type Qualification,
  type Stop,
} from "./logic";
import { CompleteStep, ConsumeStep, PauseChoice, ProduceStep, ReportStep, type Scan, type WorkOrder } from "./steps";
import { tt } from "./catalogue";
import "./terminal.css";

type Tab = "report" | "consume" | "produce" | "complete";
const tabs: Tab[] = ["report", "consume", "produce", "complete"];
type Flash = { kind: "ok" | "info" | "error"; text: string };

export default function Terminal() {
  const { params } = useRoute();
  const unit = params.unit ?? "";
  const canWrite = can("execute_production");
  const now = useNow(30_000);

  const [unitDoc, setUnitDoc] = useState<Equipment>();
  const [unitError, setUnitError] = useState<unknown>(null);
  const [dispatch, setDispatch] = useState<DispatchList>();
  const [dispatchError, setDispatchError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [order, setOrder] = useState<WorkOrder>();
  const [status, setStatus] = useState<MachineStatus>();
  const [stops, setStops] = useState<Stop[]>();
  const [stateNames, setStateNames] = useState<Map<string, string>>(new Map());
  const [persons, setPersons] = useState<Person[]>();
  const [quals, setQuals] = useState<Map<string, Qualification>>(new Map());
  const [reasons, setReasons] = useState<DowntimeReason[]>();
  const [equipment, setEquipment] = useState<Equipment[]>();
  const [tab, setTab] = useState<Tab>("report");
  const [crew, setCrew] = useState<string[]>([]);
  const [crewError, setCrewError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [flash, setFlash] = useState<Flash | null>(null);
  const [scan, setScan] = useState<Scan | null>(null);
  const [pausing, setPausing] = useState(false);
  const [otherCrew, setOtherCrew] = useState(false);
  const live = useRef<LiveConnection | null>(null);
  const [grace, setGrace] = useState(true); // the stream's first seconds: no warning yet
  const scanSeq = useRef(0);

  const loadDispatch = async () => {
    try {
      setDispatch(await must(api.GET("/api/v1/dispatch", { params: { query: { work_unit: unit } } })));
      setDispatchError(null);
    } catch (e) {
      setDispatchError(e);
    }
  };
  const loadMachine = async () => {
    const [s, st] = await Promise.all([
      must(api.GET("/api/v1/equipment/{id}/machine-state", { params: { path: { id: unit } } })),
      must(api.GET("/api/v1/equipment/{id}/stops", { params: { path: { id: unit }, query: { limit: 5 } } })),
    ]).catch(() => [undefined, undefined] as const);
    if (s) setStatus(s);
    if (st) setStops(st.stops);
  };

  // The unit, its list and its machine at once; persons and qualifications beside them.
  useEffect(() => {
    setDispatch(undefined);
    setSelected(null);
    setOrder(undefined);
    setStatus(undefined);
    setStops(undefined);
    must(api.GET("/api/v1/equipment/{id}", { params: { path: { id: unit } } })).then(
      (e) => {
        setUnitDoc(e);
        setUnitError(null);
        if (e.level === "work_unit") rememberUnit(unit);
      },
      (e) => {
        setUnitError(e);
        // A unit this device remembered and that is gone: the picker shows the list next time.
        if (e instanceof ApiFailure && e.status === 404 && lastUnit() === unit) rememberUnit(null);
      },
    );
    void loadMachine();
    // The list first; the lists behind the crew and the stop reasons once it is there, so that
    // they do not compete with it for a busy server.
    let gone = false;
    void loadDispatch().finally(() => {
      if (gone) return;
      loadPersons().then(setPersons, () => setPersons([]));
      loadDowntimeReasons().then(setReasons, () => setReasons([]));
      loadQualifications().then(
        (q) => setQuals(new Map(q.map((x) => [x.id, x]))),
        () => undefined,
      );
    });
    // Live: the machine's state and stop reasons as they change; the list every 30 s (other
    // terminals and the planner change it too).
    const conn = openLive(unit, {
      state: (e) => e.work_unit === unit && void loadMachine(),
      stop_classified: (e) => e.work_unit === unit && void loadMachine(),
    });
    live.current = conn;
    setGrace(true);
    const graceTimer = setTimeout(() => setGrace(false), 5000);
    const poll = setInterval(() => void loadDispatch(), 30_000);
    return () => {
      gone = true;
      conn.close();
      clearInterval(poll);
      clearTimeout(graceTimer);
    };
  }, [unit]);

  // The state model's names for the machine's codes (PackML sends numbers).
  useEffect(() => {
    const model = status?.state_model;
    if (!model) return;
    must(api.GET("/api/v1/state-models/{id}", { params: { path: { id: model } } })).then(
      (m) => setStateNames(new Map(m.states.map((s) => [s.code, s.name || s.code]))),
      () => undefined,
    );
  }, [status?.state_model]);

  // What the last action did: shown over the screen for 8 s (an error until closed).
  useEffect(() => {
    if (!flash || flash.kind === "error") return;
    const t = setTimeout(() => setFlash(null), 8000);
    return () => clearTimeout(t);
  }, [flash]);

  useEffect(() => {
    document.title = `${tt("terminal_title", { unit })} · Takt`;
  }, [unit]);

  // Keep the selection while it is in the list; else what runs now, else the first ready.
  const current = (dispatch?.in_progress ?? []) as InProgress[];
  const ready = (dispatch?.items ?? []) as DispatchItem[];
  const rows: (DispatchItem | InProgress)[] = [...current, ...ready];
  useEffect(() => {
    if (!dispatch) return;
    if (selected && rows.some((r) => keyOf(r) === selected)) {
      // The operation under way may have moved on elsewhere (another terminal, a supervisor).
      const sel = current.find((r) => keyOf(r) === selected);
      if (sel && order?.id === sel.order)
        must(api.GET("/api/v1/work-orders/{id}", { params: { path: { id: sel.order } } })).then(setOrder, () => undefined);
      return;
    }
    const first = rows[0];
    setSelected(first ? keyOf(first) : null);
  }, [dispatch]);
  const row = rows.find((r) => keyOf(r) === selected);
  const running = row && "status" in row ? (row as InProgress) : undefined;

  // The order of the selected operation under way (its steps need the order as it stands).
  useEffect(() => {
    setPausing(false);
    setOtherCrew(false);
    setCrewError(null);
    if (!row) return setOrder(undefined);
    if (order?.id === row.order) return;
    setOrder(undefined);
    must(api.GET("/api/v1/work-orders/{id}", { params: { path: { id: row.order } } })).then(setOrder, () => undefined);
  }, [selected, row?.order]);
  const op = order?.id === row?.order ? order?.operations.find((o) => o.id === row?.operation) : undefined;

  const changed = (wo: WorkOrder, message: string) => {
    setOrder(wo);
    setFlash(message ? { kind: "ok", text: message } : null);
    setPausing(false);
    setOtherCrew(false);
    void loadDispatch();
  };

  // Scans anywhere on the screen (not into a field): a badge joins the crew, an order is
  // selected, a lot is consumed into the operation under way.
  const onScan = useRef<(code: string) => void>(() => undefined);
  onScan.current = (code: string) => {
    const kind = scanKind(code, new Set((persons ?? []).map((p) => p.id)), new Set(rows.map((r) => r.order)));
    if (kind === "person") {
      if (!canWrite) return setFlash({ kind: "error", text: tt("read_only") });
      if (!crew.includes(code)) setCrew([...crew, code]);
      setFlash({
        kind: "info",
        text: `${tt("crew")}: ${[...crew, code]
          .filter((c, i, a) => a.indexOf(c) === i)
          .map((c) => personName(persons, c))
          .join(", ")}`,
      });
      return;
    }
    if (kind === "order") {
      const r = rows.find((x) => x.order === code);
      if (r) setSelected(keyOf(r));
      return;
    }
    const under = current[0];
    if (!canWrite) return setFlash({ kind: "error", text: tt("read_only") });
    if (!under) return setFlash({ kind: "error", text: tt("scan_nothing_running", { code }) });
    setSelected(keyOf(under));
    setTab("consume");
    setScan({ code, seq: ++scanSeq.current });
  };
  useEffect(() => listenForScans((code) => onScan.current(code)), []);

  const start = async (item: DispatchItem) => {
    setBusy(true);
    setCrewError(null);
    try {
      const wo = await must(
        api.POST("/api/v1/work-orders/{id}/operations/{operation}/start", {
          params: { path: { id: item.order, operation: item.operation } },
          body: { work_unit: unit, operators: crew },
        }),
      );
      setCrew([]);
      setTab("report");
      changed(wo, tt("start_done", { order: item.order, operation: item.operation }));
    } catch (e) {
      setCrewError(e);
    } finally {
      setBusy(false);
    }
  };
  const resume = async (operators?: string[]) => {
    if (!running || !order) return;
    setBusy(true);
    setCrewError(null);
    try {
      const wo = await must(
        api.POST("/api/v1/work-orders/{id}/operations/{operation}/resume", {
          params: { path: { id: running.order, operation: running.operation } },
          body: operators ? { operators } : {},
        }),
      );
      if (operators) setCrew([]);
      changed(wo, tt("resumed_done"));
    } catch (e) {
      setCrewError(e);
    } finally {
      setBusy(false);
    }
  };

  if (unitError) {
    return (
      <div class="terminal">
        <ErrorBanner error={unitError} />
        <a class="button big" href="/terminal?choose">
          {tt("change_unit")}
        </a>
      </div>
    );
  }

  const qualification = row?.qualification ? (quals.get(row.qualification) ?? { id: row.qualification }) : undefined;
  const qualLabel = qualification
    ? qualification.description
      ? `${qualification.description} (${qualification.id})`
      : qualification.id
    : "";
  const site = equipment && unitDoc ? siteOf(unit, new Map(equipment.map((e) => [e.id, e]))) : "";
  const storage = equipment ? storageAt(site || order?.site || "", equipment) : undefined;

  return (
    <div class="terminal">
      {!grace && live.current && !live.current.connected.value ? (
        <p class="live-off" role="status">
          {tt("live_off")}
        </p>
      ) : null}
      <Andon
        title={
          <h1 id="page-title" class="term-title">
            <span class="term-unit">{unit}</span>
            {unitDoc?.description ? <span class="term-desc">{unitDoc.description}</span> : null}
          </h1>
        }
        unit={unit}
        status={status}
        stateNames={stateNames}
        stops={stops}
        reasons={reasons}
        canClassify={canWrite}
        onClassified={(reason) => {
          setFlash({ kind: "ok", text: tt("stop_done", { reason }) });
          void loadMachine();
        }}
      />
      {!canWrite ? <p class="banner read-only">{tt("read_only")}</p> : null}
      {flash ? (
        <p class={`flash ${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
          {flash.text}
          <button type="button" class="flash-close" aria-label={tc("close")} onClick={() => setFlash(null)}>
            ✕
          </button>
        </p>
      ) : null}
      <div class="term-main">
        {dispatchError ? (
          <div>
            <ErrorBanner error={dispatchError} />
            <button type="button" class="big" onClick={() => void loadDispatch()}>
              {tc("retry")}
            </button>
          </div>
        ) : !dispatch ? (
          <Loading />
        ) : (
          <Dispatch
            list={dispatch}
            selected={selected}
            now={now}
            onSelect={setSelected}
            action={
              <a class="button big change-unit" href="/terminal?choose">
                {tt("change_unit")}
              </a>
            }
          />
        )}
        <section class="panel op-panel" aria-labelledby="op-title" aria-live="polite">
          {!row ? (
            <p class="muted big-text" id="op-title">
              {dispatch ? tt("panel_pick") : ""}
            </p>
          ) : (
            <>
              <header class="op-head">
                <div class="op-title-row">
                  <h2 id="op-title">{tt("op_heading", { order: row.order, operation: row.operation })}</h2>
                  {running && canWrite && !pausing ? (
                    <div class="op-controls">
                      {running.status === "running" ? (
                        <button type="button" class="big" onClick={() => setPausing(true)}>
                          {tt("pause")}
                        </button>
                      ) : (
                        <>
                          <button type="button" class="primary big" disabled={busy || !order} onClick={() => void resume()}>
                            {tt("resume")}
                          </button>
                          <button type="button" class="big" aria-expanded={otherCrew} onClick={() => setOtherCrew(!otherCrew)}>
                            {tt("resume_other")}
                          </button>
                        </>
                      )}
                    </div>
                  ) : null}
                </div>
                <p class="op-what">
                  <strong>{row.product}</strong> · {row.description} ·{" "}
                  {tt("qty_of", { quantity: formatNumber(row.quantity, 3), uom: row.uom })} ·{" "}
                  {tt("due", { time: formatTime(row.due) })}
                </p>
                <p class="muted">
                  {qualification ? tt("qualification_needed", { qualification: qualLabel }) : tt("no_qualification_needed")}
                  {running
                    ? ` · ${tt("crew_now", { names: running.crew.map((c) => personName(persons, c)).join(", ") || tc("none") })}`
                    : null}
                </p>
              </header>
              {running && canWrite && pausing && order && op ? (
                <PauseChoice order={order} op={op} onChanged={changed} onCancel={() => setPausing(false)} />
              ) : null}
              {running && canWrite && running.status === "paused" && otherCrew ? (
                <div class="start">
                  <CrewPicker persons={persons} crew={crew} onChange={setCrew} qualification={qualification} idPrefix="resume">
                    <CrewRefusal error={crewError} crew={crew} persons={persons} qualification={qualification} />
                    <button
                      type="button"
                      class="primary big wide-action"
                      disabled={busy || crew.length === 0}
                      onClick={() => void resume(crew)}
                    >
                      {tt("resume_other")}
                    </button>
                  </CrewPicker>
                </div>
              ) : running && !otherCrew ? (
                <CrewRefusal error={crewError} crew={running.crew} persons={persons} qualification={qualification} />
              ) : null}
              {running && canWrite ? (
                !order || !op ? (
                  <Loading />
                ) : (
                  <>
                    <div class="tabs" role="tablist" aria-label={tt("actions")}>
                      {tabs.map((t) => (
                        <button
                          key={t}
                          type="button"
                          role="tab"
                          id={`tab-${t}`}
                          aria-selected={tab === t}
                          aria-controls={tab === t ? `tabpanel-${t}` : undefined}
                          class={`tab big${tab === t ? " current" : ""}`}
                          onClick={() => setTab(t)}
                        >
                          {tt(`tab_${t}`)}
                        </button>
                      ))}
                    </div>
                    <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} class="tabpanel">
                      {tab === "report" ? <ReportStep order={order} op={op} onChanged={changed} /> : null}
                      {tab === "consume" ? (
                        <ConsumeStep order={order} op={op} onChanged={changed} scan={scan} onScanTaken={() => setScan(null)} />
                      ) : null}
                      {tab === "produce" ? (
                        <ProduceEquipment equipment={equipment} setEquipment={setEquipment}>
                          <ProduceStep order={order} op={op} onChanged={changed} storage={storage} />
                        </ProduceEquipment>
                      ) : null}
                      {tab === "complete" ? <CompleteStep order={order} op={op} onChanged={changed} /> : null}
                    </div>
                  </>
                )
              ) : null}
              {!running && canWrite ? (
                current.length > 0 ? (
                  <p class="banner info">{tt("unit_busy", { order: current[0]!.order, operation: current[0]!.operation })}</p>
                ) : (
                  <div class="start">
                    <h3>{tt("start_title")}</h3>
                    <CrewPicker persons={persons} crew={crew} onChange={setCrew} qualification={qualification} idPrefix="start">
                      <CrewRefusal error={crewError} crew={crew} persons={persons} qualification={qualification} />
                      <button
                        type="button"
                        class="primary big wide-action"
                        disabled={busy || crew.length === 0}
                        onClick={() => void start(row as DispatchItem)}
                      >
                        {busy ? tt("busy") : tt("start")}
                      </button>
                    </CrewPicker>
                  </div>
                )
              ) : null}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

// Loads the equipment (storage locations) the first time the produce step opens.
function ProduceEquipment({
  equipment,
  setEquipment,
  children,
}: {
  equipment: Equipment[] | undefined;
  setEquipment: (e: Equipment[]) => void;
  children: ComponentChildren;
}) {
  useEffect(() => {
    if (!equipment) void loadEquipment().then(setEquipment, () => setEquipment([]));
  }, []);
  return <>{children}</>;
}

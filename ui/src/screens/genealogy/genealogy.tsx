// Genealogy: find a lot, then its backward trace (what it was made from) or forward trace (what it
// went into) as a graph and as a table (GET /api/v1/material-lots/{id}/trace).
import { useLocation } from "preact-iso";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, must, ApiFailure, type Schemas } from "../../lib/api";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { lotStatusName, quantityText } from "../inventory/lots";
import { StatusBadge } from "../inventory/parts";
import { tg } from "./catalogue";
import { LotFinder } from "./finder";
import type { TraceGraph as GraphComponent } from "./graph";
import { statusColour, traceGraph, type LotTrace } from "./trace";
import "./genealogy.css";

type Lot = Schemas["MaterialLot"];
type Direction = "backward" | "forward";

// The graph library (cytoscape.js and dagre, most of this screen's weight) is fetched when a trace
// opens, beside the trace's own requests, so finding a lot stays light.
let graphModule: Promise<typeof import("./graph")> | null = null;
function loadGraph() {
  graphModule ??= import("./graph");
  return graphModule;
}

function GenealogyScreen({ lot }: { lot?: string }) {
  if (!lot)
    return (
      <Page
        title={tg("title")}
        actions={
          <a class="button" href="/recall">
            {tg("recall_title")}
          </a>
        }
      >
        <LotFinder base="/genealogy" />
      </Page>
    );
  return <Trace id={lot} />;
}

function Trace({ id }: { id: string }) {
  const loc = useLocation();
  const [lot, setLot] = useState<Lot | undefined>(undefined);
  const [traces, setTraces] = useState<Partial<Record<Direction, LotTrace>>>({});
  const [error, setError] = useState<unknown>(null);
  const [Graph, setGraph] = useState<typeof GraphComponent | null>(null);
  useEffect(() => {
    loadGraph().then((m) => setGraph(() => m.TraceGraph), setError);
  }, []);
  const asked = loc.query.direction === "forward" || loc.query.direction === "backward" ? (loc.query.direction as Direction) : null;
  // A received lot was made of nothing here: its forward trace is the one worth showing first.
  const direction: Direction = asked ?? (lot && !lot.work_order ? "forward" : "backward");
  // The lot and both traces at once: the page waits for one round trip, and turning the direction
  // is immediate.
  useEffect(() => {
    let live = true;
    setLot(undefined);
    setTraces({});
    setError(null);
    const trace = (d: Direction) =>
      must(api.GET("/api/v1/material-lots/{id}/trace", { params: { path: { id }, query: { direction: d, limit: 500 } } })).then(
        (t) => live && setTraces((old) => ({ ...old, [d]: t })),
      );
    Promise.all([
      must(api.GET("/api/v1/material-lots/{id}", { params: { path: { id } } })).then((l) => live && setLot(l)),
      trace("backward"),
      trace("forward"),
    ]).catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id]);
  const trace = traces[direction];
  const graph = useMemo(() => (lot && trace ? traceGraph(lot, trace) : undefined), [lot, trace]);

  if (error instanceof ApiFailure && error.status === 404)
    return (
      <Page title={tg("trace_title", { lot: id })}>
        <p class="empty">{tg("not_found", { lot: id })}</p>
        <LotFinder base="/genealogy" />
      </Page>
    );
  const setDirection = (d: Direction) => loc.route(`/genealogy/${encodeURIComponent(id)}?direction=${d}`, true);
  return (
    <Page
      title={tg("trace_title", { lot: id })}
      actions={
        <>
          <a class="button" href={`/inventory/lots/${encodeURIComponent(id)}`}>
            {tg("lot_details")}
          </a>
          <a class="button" href={`/recall/${encodeURIComponent(id)}`}>
            {tg("open_recall")}
          </a>
        </>
      }
    >
      <p class="muted crumbs">
        <a href="/genealogy">{tg("title")}</a> › {id}
      </p>
      <ErrorBanner error={error} />
      {!lot ? (
        error ? null : <Loading />
      ) : (
        <>
          <section class="panel lot-head" aria-label={id}>
            <dl class="summary">
              <div>
                <dt>{tg("material")}</dt>
                <dd>{lot.material}</dd>
              </div>
              <div>
                <dt>{tg("status")}</dt>
                <dd>
                  <StatusBadge status={lot.status} />
                </dd>
              </div>
              <div>
                <dt>{tg("quantity")}</dt>
                <dd>{quantityText(lot.quantity, lot.uom)}</dd>
              </div>
              <div>
                <dt>{lot.work_order ? tg("work_order") : tg("supplier_lot")}</dt>
                <dd>{lot.work_order || lot.supplier_lot || "–"}</dd>
              </div>
            </dl>
          </section>
          <div class="direction" role="group" aria-label={tg("direction")}>
            {(["backward", "forward"] as const).map((d) => (
              <button key={d} type="button" aria-pressed={d === direction} class={d === direction ? "primary" : ""} onClick={() => setDirection(d)}>
                {tg(d)}
              </button>
            ))}
            <span class="muted">{tg(direction === "backward" ? "backward_hint" : "forward_hint", { lot: id })}</span>
          </div>
          {!trace || !graph ? (
            <Loading />
          ) : !trace.lots.length ? (
            <p class="empty panel">{tg(direction === "backward" ? "nothing_backward" : "nothing_forward", { lot: id })}</p>
          ) : (
            <>
              {trace.truncated ? <div class="banner warn">{tg("truncated", { n: trace.count })}</div> : null}
              <section class="panel graph-panel" aria-labelledby="graph-title">
                <h2 id="graph-title">{tg("graph")}</h2>
                {Graph ? (
                  <Graph
                    graph={graph}
                    label={tg("graph_label", { lot: id, n: graph.nodes.length, m: graph.edges.length })}
                    onOpen={(l) => l !== id && loc.route(`/genealogy/${encodeURIComponent(l)}?direction=${direction}`)}
                  />
                ) : (
                  <Loading />
                )}
                <Legend statuses={graph.nodes.map((n) => n.status)} />
              </section>
              <TraceTable trace={trace} direction={direction} />
            </>
          )}
        </>
      )}
    </Page>
  );
}

function Legend({ statuses }: { statuses: string[] }) {
  const shown = [...new Set(statuses)];
  return (
    <ul class="legend" aria-label={tg("legend")}>
      {shown.map((s) => (
        <li key={s}>
          <span class="swatch" style={{ background: statusColour(s) }} aria-hidden="true" />
          {lotStatusName(s)}
        </li>
      ))}
    </ul>
  );
}

function TraceTable({ trace, direction }: { trace: LotTrace; direction: Direction }) {
  return (
    <section class="panel" aria-labelledby="table-title">
      <h2 id="table-title">{tg("table")}</h2>
      <div class="table-wrap">
        <table class="trace-table">
          <thead>
            <tr>
              <th scope="col" class="num">
                {tg("depth")}
              </th>
              <th scope="col">{tg("lot")}</th>
              <th scope="col">{tg("material")}</th>
              <th scope="col">{tg("status")}</th>
              <th scope="col" class="num">
                {tg("quantity")}
              </th>
              <th scope="col">{tg("locations")}</th>
              <th scope="col">{tg("work_order")}</th>
              <th scope="col">{tg("supplier_lot")}</th>
              <th scope="col">{tg("last_shipment")}</th>
            </tr>
          </thead>
          <tbody>
            {trace.lots.map((l) => (
              <tr key={l.lot}>
                <td class="num">{l.depth}</td>
                <th scope="row">
                  <a href={`/genealogy/${encodeURIComponent(l.lot)}?direction=${direction}`}>{l.lot}</a>
                </th>
                <td>{l.material}</td>
                <td>
                  <StatusBadge status={l.status} />
                </td>
                <td class="num">{quantityText(l.quantity, l.uom)}</td>
                <td>{l.locations.map((w) => w.location).join(", ")}</td>
                <td>{l.work_order}</td>
                <td>{l.supplier_lot}</td>
                <td>{l.last_shipment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// Scoped styles (inventory.css, genealogy.css) apply inside .tk-inv only.
export default function Genealogy({ lot }: { lot?: string }) {
  return (
    <div class="tk-inv">
      <GenealogyScreen lot={lot} />
    </div>
  );
}

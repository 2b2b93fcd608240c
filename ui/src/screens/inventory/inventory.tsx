// Inventory: stock on hand by material, lot or location (GET /api/v1/inventory/balances), the lots
// list with search (GET /api/v1/material-lots), and receiving a lot (POST /api/v1/material-lots).
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { api, must, type Schemas } from "../../lib/api";
import { can } from "../../lib/session";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { ti } from "./catalogue";
import { loadMaterials, loadPlaces, placeLabel, type Material, type Place } from "./data";
import { dateText, lotStatuses, lotStatusName, quantityText, type LotStatus } from "./lots";
import { Notice, SelectField, StatusBadge, TextField } from "./parts";
import { ReceiveDialog } from "./receive";

type View = "material" | "lot" | "location" | "lots";
const views: readonly View[] = ["material", "lot", "location", "lots"];
type Row = Schemas["BalanceRow"];
type Lot = Schemas["MaterialLot"];

interface Filters {
  material: string;
  location: string;
  status: string;
  q: string;
}

function viewName(v: View): string {
  return v === "material" ? ti("by_material") : v === "lot" ? ti("by_lot") : v === "location" ? ti("by_location") : ti("lots");
}

function InventoryScreen() {
  const loc = useLocation();
  const view: View = views.includes(loc.query.view as View) ? (loc.query.view as View) : "material";
  const filters: Filters = {
    material: loc.query.material ?? "",
    location: loc.query.location ?? "",
    status: loc.query.status ?? "",
    q: loc.query.q ?? "",
  };
  const [draft, setDraft] = useState<Filters>(filters);
  const [materials, setMaterials] = useState<Material[]>([]);
  const [places, setPlaces] = useState<Place[]>([]);
  const [receiving, setReceiving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => setDraft(filters), [loc.url]);
  useEffect(() => {
    loadMaterials().then(setMaterials, () => undefined);
    loadPlaces().then(setPlaces, () => undefined);
  }, []);

  const go = (v: View, f: Filters) => {
    const q = new URLSearchParams();
    if (v !== "material") q.set("view", v);
    for (const [k, val] of Object.entries(f)) if (val && (k !== "q" || v === "lots")) q.set(k, val);
    const s = q.toString();
    loc.route(`/inventory${s ? `?${s}` : ""}`);
  };

  return (
    <Page
      title={ti("title")}
      actions={
        <>
          <button type="button" onClick={() => setRound((r) => r + 1)}>
            {ti("refresh")}
          </button>
          {can("write_inventory") ? (
            <button type="button" class="primary" onClick={() => setReceiving(true)}>
              {ti("receive")}
            </button>
          ) : null}
        </>
      }
    >
      <Notice text={notice} />
      <div class="tabs" role="tablist" aria-label={ti("view_label")}>
        {views.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            id={`tab-${v}`}
            aria-selected={v === view}
            aria-controls="inventory-view"
            tabIndex={v === view ? 0 : -1}
            onClick={() => go(v, filters)}
            onKeyDown={(e) => {
              const i = views.indexOf(view);
              const next = e.key === "ArrowRight" ? views[(i + 1) % views.length] : e.key === "ArrowLeft" ? views[(i + views.length - 1) % views.length] : undefined;
              if (next) {
                e.preventDefault();
                go(next, filters);
                requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
              }
            }}
          >
            {viewName(v)}
          </button>
        ))}
      </div>
      <div id="inventory-view" role="tabpanel" aria-labelledby={`tab-${view}`}>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            go(view, draft);
          }}
        >
          {view === "lots" ? (
            <TextField label={ti("filter_search")} name="q" type="search" value={draft.q} onInput={(q) => setDraft({ ...draft, q })} />
          ) : null}
          <SelectField
            label={ti("filter_material")}
            name="material"
            value={draft.material}
            onInput={(material) => setDraft({ ...draft, material })}
            options={[{ value: "", label: ti("any") }, ...materials.map((m) => ({ value: m.id, label: m.id }))]}
          />
          <SelectField
            label={ti("filter_location")}
            name="location"
            value={draft.location}
            onInput={(location) => setDraft({ ...draft, location })}
            options={[{ value: "", label: ti("any") }, ...places.map((p) => ({ value: p.id, label: placeLabel(p) }))]}
          />
          <SelectField
            label={ti("filter_status")}
            name="status"
            value={draft.status}
            onInput={(status) => setDraft({ ...draft, status })}
            options={[{ value: "", label: ti("any") }, ...lotStatuses.map((s) => ({ value: s, label: lotStatusName(s) }))]}
          />
          <button type="submit">{ti("apply")}</button>
        </form>
        {view === "lots" ? (
          <LotList filters={filters} round={round} />
        ) : (
          <Balances by={view} filters={filters} round={round} describe={(id) => materials.find((m) => m.id === id)?.description ?? ""} />
        )}
      </div>
      {receiving ? (
        <ReceiveDialog
          materials={materials}
          places={places}
          onClose={() => setReceiving(false)}
          onReceived={(lot) => {
            setReceiving(false);
            setNotice(ti("received", { lot: lot.id }));
            setRound((r) => r + 1);
          }}
        />
      ) : null}
    </Page>
  );
}

function Balances({
  by,
  filters,
  round,
  describe,
}: {
  by: "material" | "lot" | "location";
  filters: Filters;
  round: number;
  describe: (material: string) => string;
}) {
  const [rows, setRows] = useState<Row[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setRows(undefined);
    const query = {
      by,
      ...(filters.material ? { material: filters.material } : {}),
      ...(filters.location ? { location: filters.location } : {}),
      ...(filters.status ? { status: filters.status as LotStatus } : {}),
    };
    must(api.GET("/api/v1/inventory/balances", { params: { query } })).then(
      (r) => live && (setRows(r.items), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [by, filters.material, filters.location, filters.status, round]);
  if (error) return <ErrorBanner error={error} />;
  if (!rows) return <Loading />;
  if (!rows.length) return <p class="empty">{ti("no_balances")}</p>;
  const statusCols = (["available", "on_hold", "quarantine", "expired"] as const).filter((s) => rows.some((r) => r.by_status[s] !== undefined));
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{ti("balances_caption", { by: viewName(by).toLowerCase() })}</caption>
        <thead>
          <tr>
            {by === "lot" ? <th scope="col">{ti("lot")}</th> : null}
            {by === "location" ? <th scope="col">{ti("location")}</th> : null}
            <th scope="col">{ti("material")}</th>
            <th scope="col" class="num">
              {ti("on_hand")}
            </th>
            {statusCols.map((s) => (
              <th key={s} scope="col" class="num">
                {lotStatusName(s)}
              </th>
            ))}
            {by === "material" ? (
              <th scope="col" class="num">
                {ti("reserved")}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.lot ?? r.location ?? ""}/${r.material}`}>
              {by === "lot" ? (
                <th scope="row">
                  <a href={`/inventory/lots/${encodeURIComponent(r.lot ?? "")}`}>{r.lot}</a>
                </th>
              ) : null}
              {by === "location" ? <th scope="row">{r.location}</th> : null}
              {by === "material" ? (
                <th scope="row">
                  {r.material}
                  <span class="described">{describe(r.material)}</span>
                </th>
              ) : (
                <td>{r.material}</td>
              )}
              <td class="num">{quantityText(r.quantity, r.uom)}</td>
              {statusCols.map((s) => (
                <td key={s} class="num">
                  {r.by_status[s] !== undefined ? quantityText(r.by_status[s], r.uom) : ""}
                </td>
              ))}
              {by === "material" ? <td class="num">{quantityText(r.reserved ?? 0, r.uom)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LotList({ filters, round }: { filters: Filters; round: number }) {
  const [lots, setLots] = useState<Lot[] | undefined>(undefined);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const query = (after?: string) => ({
    limit: 50,
    ...(after ? { after } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.material ? { material: filters.material } : {}),
    ...(filters.location ? { location: filters.location } : {}),
    ...(filters.status ? { status: filters.status as LotStatus } : {}),
  });
  useEffect(() => {
    let live = true;
    setLots(undefined);
    must(api.GET("/api/v1/material-lots", { params: { query: query() } })).then(
      (p) => live && (setLots(p.items), setNext(p.next_after ?? null), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [filters.q, filters.material, filters.location, filters.status, round]);
  const more = async () => {
    if (!next) return;
    try {
      const p = await must(api.GET("/api/v1/material-lots", { params: { query: query(next) } }));
      setLots([...(lots ?? []), ...p.items]);
      setNext(p.next_after ?? null);
    } catch (e) {
      setError(e);
    }
  };
  if (error) return <ErrorBanner error={error} />;
  if (!lots) return <Loading />;
  if (!lots.length) return <p class="empty">{ti("no_lots")}</p>;
  return (
    <>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">{ti("lots_caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{ti("lot")}</th>
              <th scope="col">{ti("material")}</th>
              <th scope="col">{ti("status")}</th>
              <th scope="col" class="num">
                {ti("on_hand")}
              </th>
              <th scope="col">{ti("locations")}</th>
              <th scope="col">{ti("supplier_lot")}</th>
              <th scope="col">{ti("expires")}</th>
            </tr>
          </thead>
          <tbody>
            {lots.map((l) => (
              <tr key={l.id}>
                <th scope="row">
                  <a href={`/inventory/lots/${encodeURIComponent(l.id)}`}>{l.id}</a>
                </th>
                <td>{l.material}</td>
                <td>
                  <StatusBadge status={l.status} />
                </td>
                <td class="num">{quantityText(l.quantity, l.uom)}</td>
                <td>
                  {l.locations.map((w) => (
                    <span key={w.location} class="pill">
                      {w.location}
                    </span>
                  ))}
                </td>
                <td>{l.supplier_lot}</td>
                <td>{dateText(l.expires_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <p>
          <button type="button" onClick={() => void more()}>
            {ti("more")}
          </button>
        </p>
      ) : null}
    </>
  );
}

// Scoped styles (inventory.css, genealogy.css) apply inside .tk-inv only.
export default function Inventory() {
  return (
    <div class="tk-inv">
      <InventoryScreen  />
    </div>
  );
}

// Recall: every lot made from a lot, where it lies and every shipment (GET .../recall); contain it
// with one confirmed action (POST /api/v1/containments), by permission. Without a lot: find one,
// and the containment cases.
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { formatNumber, formatTime } from "../../i18n";
import { api, must, ApiFailure, type Schemas } from "../../lib/api";
import { tc } from "../../lib/catalogue";
import { can } from "../../lib/session";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { quantityText, required, serverErrors, type FieldErrors } from "../inventory/lots";
import { Dialog, FormError, StatusBadge, TextField } from "../inventory/parts";
import { tg } from "./catalogue";
import { rememberCase } from "./containment";
import { LotFinder } from "./finder";
import { deliveries, lotsInPlant, stockByLocation, type Recall } from "./trace";
import "./genealogy.css";

type Lot = Schemas["MaterialLot"];
type Case = Schemas["ContainmentCase"];

function RecallScreenScreen({ lot }: { lot?: string }) {
  if (!lot)
    return (
      <Page
        title={tg("recall_title")}
        actions={
          <a class="button" href="/genealogy">
            {tg("title")}
          </a>
        }
      >
        <p>{tg("recall_intro")}</p>
        <LotFinder base="/recall" />
        <Cases />
      </Page>
    );
  return <LotRecall id={lot} />;
}

function LotRecall({ id }: { id: string }) {
  const loc = useLocation();
  const [lot, setLot] = useState<Lot | undefined>(undefined);
  const [recall, setRecall] = useState<Recall | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [containing, setContaining] = useState(false);
  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([
      must(api.GET("/api/v1/material-lots/{id}", { params: { path: { id } } })),
      must(api.GET("/api/v1/material-lots/{id}/recall", { params: { path: { id }, query: { limit: 1000 } } })),
    ]).then(
      ([l, r]) => live && (setLot(l), setRecall(r)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (error instanceof ApiFailure && error.status === 404)
    return (
      <Page title={tg("recall_of", { lot: id })}>
        <p class="empty">{tg("not_found", { lot: id })}</p>
        <LotFinder base="/recall" />
      </Page>
    );
  const mayContain = can("control_inventory") && !!recall;
  return (
    <Page
      title={tg("recall_of", { lot: id })}
      actions={
        <>
          <a class="button" href={`/genealogy/${encodeURIComponent(id)}?direction=forward`}>
            {tg("title")}
          </a>
          {mayContain ? (
            <button type="button" class="danger" onClick={() => setContaining(true)}>
              {tg("contain")}
            </button>
          ) : null}
        </>
      }
    >
      <p class="muted crumbs">
        <a href="/recall">{tg("back_to_recall")}</a> › {id}
      </p>
      <ErrorBanner error={error} />
      {!lot || !recall ? (
        error ? null : <Loading />
      ) : (
        <>
          <Impact lot={lot} recall={recall} />
          <Where lot={lot} recall={recall} />
          <Shipments recall={recall} />
          <Affected recall={recall} />
        </>
      )}
      {containing && recall ? (
        <ContainDialog
          lot={id}
          affected={recall.affected_lots}
          onClose={() => setContaining(false)}
          onContained={(c) => {
            rememberCase(c);
            loc.route(`/containments/${encodeURIComponent(c.id)}?opened=1`);
          }}
        />
      ) : null}
    </Page>
  );
}

function Impact({ lot, recall }: { lot: Lot; recall: Recall }) {
  const inPlant = lotsInPlant(recall.lots) + (lot.locations.length ? 1 : 0);
  const figures = [
    ["affected", recall.affected_lots, false],
    ["end_items", recall.end_items, false],
    ["shipped_lots", recall.shipped_lots + (lot.shipments.length ? 1 : 0), recall.shipments.length > 0],
    ["shipments_count", recall.shipments.length, recall.shipments.length > 0],
    ["in_plant", inPlant, false],
  ] as const;
  return (
    <>
      <section class="panel lot-head" aria-label={lot.id}>
        <dl class="summary">
          <div>
            <dt>{tg("material")}</dt>
            <dd>{lot.material}</dd>
          </div>
          <div>
            <dt>{tg("status")}</dt>
            <dd>
              <StatusBadge status={lot.status} /> {lot.status_reason ? <span class="muted">{lot.status_reason}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{tg("quantity")}</dt>
            <dd>{quantityText(lot.quantity, lot.uom)}</dd>
          </div>
          <div>
            <dt>{tg("supplier_lot")}</dt>
            <dd>{lot.supplier_lot || "–"}</dd>
          </div>
        </dl>
      </section>
      <ul class="kpis" aria-label={tg("recall_of", { lot: lot.id })}>
        {figures.map(([k, n, alert]) => (
          <li key={k} class={alert ? "alert" : ""}>
            <span class="value">{formatNumber(n)}</span>
            <span class="label">{tg(k)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Where({ lot, recall }: { lot: Lot; recall: Recall }) {
  // The recalled lot's own stock counts too.
  const self = { lot: lot.id, material: lot.material, status: lot.status, uom: lot.uom, locations: lot.locations };
  const at = stockByLocation([self, ...recall.lots]);
  return (
    <section class="panel" aria-labelledby="where-title">
      <h2 id="where-title">{tg("where_title")}</h2>
      {!at.length ? (
        <p class="empty">{tg("where_none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{tg("location")}</th>
                <th scope="col">{tg("lots_there")}</th>
              </tr>
            </thead>
            <tbody>
              {at.map((s) => (
                <tr key={s.location}>
                  <th scope="row">{s.location}</th>
                  <td>
                    <ul class="plain">
                      {s.lots.map((l) => (
                        <li key={l.lot}>
                          <a href={`/inventory/lots/${encodeURIComponent(l.lot)}`}>{l.lot}</a> · {l.material} · {quantityText(l.quantity, l.uom)}{" "}
                          <StatusBadge status={l.status} />
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Shipments({ recall }: { recall: Recall }) {
  const ds = deliveries(recall);
  return (
    <section class="panel" aria-labelledby="ship-title">
      <h2 id="ship-title">{tg("shipments")}</h2>
      {!ds.length ? (
        <p class="empty">{tg("no_shipments")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{tg("reference")}</th>
                <th scope="col">{tg("lot")}</th>
                <th scope="col" class="num">
                  {tg("shipped")}
                </th>
                <th scope="col">{tg("at")}</th>
                <th scope="col">{tg("by")}</th>
              </tr>
            </thead>
            <tbody>
              {ds.flatMap((d) =>
                d.lines.map((s, i) => (
                  <tr key={`${d.reference}/${i}`}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={d.lines.length}>
                        {d.reference}
                      </th>
                    ) : null}
                    <td>
                      <a href={`/inventory/lots/${encodeURIComponent(s.lot)}`}>{s.lot}</a>
                    </td>
                    <td class="num">{quantityText(s.quantity, s.uom)}</td>
                    <td>{formatTime(s.at)}</td>
                    <td>{s.actor}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Affected({ recall }: { recall: Recall }) {
  return (
    <section class="panel" aria-labelledby="affected-title">
      <h2 id="affected-title">{tg("affected_lots")}</h2>
      {recall.truncated ? <div class="banner warn">{tg("truncated", { n: recall.lots.length })}</div> : null}
      {!recall.lots.length ? (
        <p class="empty">{tg("affected_none", { lot: recall.lot })}</p>
      ) : (
        <div class="table-wrap">
          <table>
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
                <th scope="col">{tg("end_item")}</th>
                <th scope="col">{tg("shipments_count")}</th>
              </tr>
            </thead>
            <tbody>
              {recall.lots.map((l) => (
                <tr key={l.lot}>
                  <td class="num">{l.depth}</td>
                  <th scope="row">
                    <a href={`/inventory/lots/${encodeURIComponent(l.lot)}`}>{l.lot}</a>
                  </th>
                  <td>{l.material}</td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td class="num">{quantityText(l.quantity, l.uom)}</td>
                  <td>{l.locations.map((w) => w.location).join(", ")}</td>
                  <td>{l.work_order}</td>
                  <td>{l.end_item ? tg("yes") : ""}</td>
                  <td>{l.shipments.map((s) => s.reference).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ContainDialog({ lot, affected, onClose, onContained }: { lot: string; affected: number; onClose: () => void; onContained: (c: Case) => void }) {
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = required({ reason }, ["reason"]);
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      onContained(await must(api.POST("/api/v1/containments", { body: { lots: [lot], reason: reason.trim() } })));
    } catch (err) {
      setErrors(serverErrors(err, ["reason", "lots"]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={tg("contain_title", { lot })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>{tg("contain_explain", { lot, n: affected })}</p>
        <TextField label={tg("reason")} name="reason" value={reason} onInput={setReason} error={errors.reason ?? errors.lots} hint={tg("reason_hint")} required autoFocus />
        <FormError error={errors[""]} />
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            {tc("cancel")}
          </button>
          <button type="submit" class="danger" disabled={busy}>
            {busy ? tg("containing") : tg("confirm_contain", { n: affected + 1 })}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Cases() {
  const [status, setStatus] = useState<"" | "open" | "released">("");
  const [cases, setCases] = useState<Case[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setCases(undefined);
    must(api.GET("/api/v1/containments", { params: { query: status ? { status, limit: 1000 } : { limit: 1000 } } })).then(
      (p) => live && (setCases(p.items), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [status]);
  return (
    <section class="panel" aria-labelledby="cases-title">
      <h2 id="cases-title">{tg("cases")}</h2>
      <div class="direction" role="group" aria-label={tg("filter_cases")}>
        {(["", "open", "released"] as const).map((s) => (
          <button key={s} type="button" aria-pressed={s === status} class={s === status ? "primary" : ""} onClick={() => setStatus(s)}>
            {s === "" ? tg("all") : s === "open" ? tg("case_open") : tg("case_released")}
          </button>
        ))}
      </div>
      <ErrorBanner error={error} />
      {!cases ? (
        error ? null : <Loading />
      ) : !cases.length ? (
        <p class="empty">{tg("cases_none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{tg("case")}</th>
                <th scope="col">{tg("case_status")}</th>
                <th scope="col">{tg("reason")}</th>
                <th scope="col">{tg("sources")}</th>
                <th scope="col" class="num">
                  {tg("held_count")}
                </th>
                <th scope="col">{tg("opened")}</th>
                <th scope="col">{tg("released")}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={`/containments/${encodeURIComponent(c.id)}`}>{c.id}</a>
                  </th>
                  <td>
                    <span class={`case-status ${c.status}`}>{c.status === "open" ? tg("case_open") : tg("case_released")}</span>
                  </td>
                  <td>{c.reason}</td>
                  <td>{c.sources.join(", ")}</td>
                  <td class="num">{formatNumber(c.held_count)}</td>
                  <td>
                    {formatTime(c.opened_at)} · {c.opened_by}
                  </td>
                  <td>{c.released_at ? `${formatTime(c.released_at)} · ${c.released_by ?? ""}` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// Scoped styles (inventory.css, genealogy.css) apply inside .tk-inv only.
export default function RecallScreen({ lot }: { lot?: string }) {
  return (
    <div class="tk-inv">
      <RecallScreenScreen lot={lot} />
    </div>
  );
}

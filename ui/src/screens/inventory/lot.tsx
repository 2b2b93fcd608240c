// A lot: what it is, where it lies, its balance sheet, holds, shipments and movement history
// (GET /api/v1/material-lots/{id} and /movements); move, hold and release by permission.
import { useEffect, useState } from "preact/hooks";
import { formatNumber, formatTime } from "../../i18n";
import { api, must, ApiFailure, type Schemas } from "../../lib/api";
import { tc } from "../../lib/catalogue";
import { can } from "../../lib/session";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { ti } from "./catalogue";
import { loadPlaces, placeLabel, type Place } from "./data";
import { dateText, lotStatusName, movementName, parseNumber, quantityText, required, runningStock, serverErrors, signedText, type FieldErrors, type Movement } from "./lots";
import { Dialog, FormError, Notice, SelectField, StatusBadge, TextField } from "./parts";

type Lot = Schemas["MaterialLot"];
type Hold = Schemas["LotHold"];
type Action = { kind: "move"; from?: string } | { kind: "hold" } | { kind: "release"; hold: Hold };

function LotDetailScreen({ id }: { id: string }) {
  const [lot, setLot] = useState<Lot | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    must(api.GET("/api/v1/material-lots/{id}", { params: { path: { id } } })).then(
      (l) => live && (setLot(l), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id, round]);
  const done = (text: string, l: Lot) => {
    setAction(null);
    setLot(l);
    setNotice(text);
    setRound((r) => r + 1);
  };
  if (error instanceof ApiFailure && error.status === 404)
    return (
      <Page title={ti("lot_title", { lot: id })}>
        <p class="empty">{ti("lot_not_found", { lot: id })}</p>
        <p>
          <a href="/inventory?view=lots">{ti("back_to_inventory")}</a>
        </p>
      </Page>
    );
  const mayMove = can("write_inventory") && !!lot?.locations.length;
  const mayHold = can("control_inventory") && !!lot;
  return (
    <Page
      title={ti("lot_title", { lot: id })}
      actions={
        <>
          <a class="button" href={`/genealogy/${encodeURIComponent(id)}`}>
            {ti("genealogy")}
          </a>
          <a class="button" href={`/recall/${encodeURIComponent(id)}`}>
            {ti("recall")}
          </a>
          {mayMove ? (
            <button type="button" class="primary" onClick={() => setAction({ kind: "move" })}>
              {ti("move")}
            </button>
          ) : null}
          {mayHold ? (
            <button type="button" onClick={() => setAction({ kind: "hold" })}>
              {ti("hold")}
            </button>
          ) : null}
        </>
      }
    >
      <p class="muted crumbs">
        <a href="/inventory?view=lots">{ti("back_to_inventory")}</a> › {id}
      </p>
      <Notice text={notice} />
      <ErrorBanner error={error} />
      {!lot ? (
        <Loading />
      ) : (
        <>
          <LotSummary lot={lot} />
          <div class="columns">
            <section class="panel" aria-labelledby="where">
              <h2 id="where">{ti("where")}</h2>
              {lot.locations.length ? (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{ti("location")}</th>
                      <th scope="col" class="num">
                        {ti("quantity")}
                      </th>
                      {mayMove ? <th scope="col"><span class="sr-only">{ti("move")}</span></th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {lot.locations.map((w) => (
                      <tr key={w.location}>
                        <th scope="row">{w.location}</th>
                        <td class="num">{quantityText(w.quantity, lot.uom)}</td>
                        {mayMove ? (
                          <td>
                            <button type="button" onClick={() => setAction({ kind: "move", from: w.location })} aria-label={`${ti("move")} ${w.location}`}>
                              {ti("move")}
                            </button>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p class="empty">{ti("no_stock")}</p>
              )}
            </section>
            <section class="panel" aria-labelledby="sheet">
              <h2 id="sheet">{ti("balance_sheet")}</h2>
              <table>
                <tbody>
                  {(
                    [
                      ["initial", lot.initial],
                      ["adjusted", lot.adjusted],
                      ["consumed", -lot.consumed],
                      ["scrapped", -lot.scrapped],
                      ["shipped", -lot.shipped],
                    ] as const
                  ).map(([k, q]) => (
                    <tr key={k}>
                      <th scope="row">{ti(k)}</th>
                      <td class="num">{k === "initial" ? quantityText(q, lot.uom) : `${signedText(q) || "0"} ${lot.uom}`}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">{ti("on_hand")}</th>
                    <td class="num">
                      <strong>{quantityText(lot.quantity, lot.uom)}</strong>
                    </td>
                  </tr>
                </tbody>
              </table>
            </section>
          </div>
          <Holds lot={lot} onRelease={(hold) => setAction({ kind: "release", hold })} />
          {lot.shipments.length ? <Shipments lot={lot} /> : null}
          <Movements id={id} round={round} />
        </>
      )}
      {lot && action?.kind === "move" ? <MoveDialog lot={lot} from={action.from} onClose={() => setAction(null)} onDone={done} /> : null}
      {lot && action?.kind === "hold" ? <HoldDialog lot={lot} onClose={() => setAction(null)} onDone={done} /> : null}
      {lot && action?.kind === "release" ? <ReleaseDialog lot={lot} hold={action.hold} onClose={() => setAction(null)} onDone={done} /> : null}
    </Page>
  );
}

function LotSummary({ lot }: { lot: Lot }) {
  return (
    <section class="panel" aria-labelledby="summary">
      <h2 id="summary" class="sr-only">
        {ti("summary")}
      </h2>
      <dl class="summary">
        <div>
          <dt>{ti("status")}</dt>
          <dd>
            <StatusBadge status={lot.status} /> {lot.status_reason ? <span class="muted">{lot.status_reason}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{ti("material")}</dt>
          <dd>{lot.material}</dd>
        </div>
        <div>
          <dt>{ti("on_hand")}</dt>
          <dd>{quantityText(lot.quantity, lot.uom)}</dd>
        </div>
        {lot.work_order ? (
          <div>
            <dt>{ti("work_order")}</dt>
            <dd>
              {lot.work_order} · {lot.operation}
            </dd>
          </div>
        ) : (
          <div>
            <dt>{ti("supplier")}</dt>
            <dd>{lot.supplier || "–"}</dd>
          </div>
        )}
        <div>
          <dt>{ti("supplier_lot")}</dt>
          <dd>{lot.supplier_lot || "–"}</dd>
        </div>
        <div>
          <dt>{ti("expires")}</dt>
          <dd>{lot.expires_at ? dateText(lot.expires_at) : ti("expires_never")}</dd>
        </div>
        <div>
          <dt>{ti("created")}</dt>
          <dd>
            {formatTime(lot.created_at)} · {lot.created_by}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function originName(origin: string): string {
  switch (origin) {
    case "user":
      return ti("origin_user");
    case "receipt":
      return ti("origin_receipt");
    case "production":
      return ti("origin_production");
    case "containment":
      return ti("origin_containment");
    case "legacy":
      return ti("origin_legacy");
    default:
      return origin;
  }
}

function Holds({ lot, onRelease }: { lot: Lot; onRelease: (h: Hold) => void }) {
  const mayRelease = can("control_inventory");
  return (
    <section class="panel" aria-labelledby="holds">
      <h2 id="holds">{ti("holds")}</h2>
      {!lot.holds.length ? (
        <p class="empty">{ti("no_holds")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ti("hold_id")}</th>
                <th scope="col">{ti("kind")}</th>
                <th scope="col">{ti("reason")}</th>
                <th scope="col">{ti("origin")}</th>
                <th scope="col">{ti("by")}</th>
                <th scope="col">{ti("at")}</th>
                {mayRelease ? <th scope="col"><span class="sr-only">{ti("release")}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {lot.holds.map((h) => (
                <tr key={h.id}>
                  <th scope="row">{h.id}</th>
                  <td>
                    <StatusBadge status={h.kind} />
                  </td>
                  <td>{h.reason}</td>
                  <td>
                    {originName(h.origin)}
                    {h.case ? (
                      <>
                        {" "}
                        <a href={`/containments/${encodeURIComponent(h.case)}`}>{h.case}</a>
                      </>
                    ) : null}
                  </td>
                  <td>{h.actor}</td>
                  <td>{formatTime(h.at)}</td>
                  {mayRelease ? (
                    <td>
                      {h.case ? (
                        <span class="muted">{ti("case_hold", { case: h.case })}</span>
                      ) : (
                        <button type="button" onClick={() => onRelease(h)} aria-label={`${ti("release")} ${h.id}`}>
                          {ti("release")}
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Shipments({ lot }: { lot: Lot }) {
  return (
    <section class="panel" aria-labelledby="shipments">
      <h2 id="shipments">{ti("shipments")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{ti("reference")}</th>
            <th scope="col" class="num">
              {ti("quantity")}
            </th>
            <th scope="col">{ti("location")}</th>
            <th scope="col">{ti("at")}</th>
            <th scope="col">{ti("by")}</th>
          </tr>
        </thead>
        <tbody>
          {lot.shipments.map((s, i) => (
            <tr key={i}>
              <th scope="row">{s.reference}</th>
              <td class="num">{quantityText(s.quantity, lot.uom)}</td>
              <td>{s.location}</td>
              <td>{formatTime(s.at)}</td>
              <td>{s.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function movementDetails(m: Movement): string {
  const parts: string[] = [];
  if (m.kind === "moved") parts.push(`${m.location ?? ""} → ${m.to ?? ""}`);
  else if (m.location) parts.push(m.location);
  if (m.work_order) parts.push(m.operation ? `${m.work_order} · ${m.operation}` : m.work_order);
  if (m.reference) parts.push(m.reference);
  if (m.case) parts.push(m.case);
  if (m.hold) parts.push(m.kind === "released" ? m.hold : lotStatusName(m.hold));
  if (m.reason) parts.push(m.reason);
  return parts.join(" · ");
}

function Movements({ id, round }: { id: string; round: number }) {
  const [items, setItems] = useState<Movement[] | undefined>(undefined);
  const [uom, setUom] = useState("");
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const page = (after?: number) =>
    must(api.GET("/api/v1/material-lots/{id}/movements", { params: { path: { id }, query: after ? { after, limit: 100 } : { limit: 100 } } }));
  useEffect(() => {
    let live = true;
    page().then(
      (p) => live && (setItems(p.items), setUom(p.uom), setNext(p.next_after ?? null), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id, round]);
  const more = async () => {
    if (next === null) return;
    try {
      const p = await page(next);
      setItems([...(items ?? []), ...p.items]);
      setNext(p.next_after ?? null);
    } catch (e) {
      setError(e);
    }
  };
  const stock = runningStock(items ?? []);
  return (
    <section class="panel" aria-labelledby="movements">
      <h2 id="movements">{ti("movements")}</h2>
      <ErrorBanner error={error} />
      {!items ? (
        <Loading />
      ) : !items.length ? (
        <p class="empty">{ti("no_movements")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ti("at")}</th>
                <th scope="col">{ti("kind")}</th>
                <th scope="col" class="num">
                  {ti("quantity")}
                </th>
                <th scope="col" class="num">
                  {ti("balance_after")}
                </th>
                <th scope="col">{ti("details")}</th>
                <th scope="col">{ti("by")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m, i) => {
                const q = m.quantity ?? null;
                const cls = m.kind === "moved" || q === null ? "num change" : q > 0 ? "num change in" : "num change out";
                return (
                  <tr key={m.seq}>
                    <td>{formatTime(m.at, true)}</td>
                    <th scope="row">{movementName(m.kind)}</th>
                    <td class={cls}>{q === null ? "" : m.kind === "moved" ? formatNumber(q, 3) : signedText(q)}</td>
                    <td class="num">{quantityText(stock[i], uom)}</td>
                    <td>{movementDetails(m)}</td>
                    <td>{m.actor}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {next !== null ? (
        <p>
          <button type="button" onClick={() => void more()}>
            {ti("more")}
          </button>
        </p>
      ) : null}
    </section>
  );
}

type Done = (text: string, lot: Lot) => void;

function Actions({ busy, label, onClose }: { busy: boolean; label: string; onClose: () => void }) {
  return (
    <div class="form-actions">
      <button type="button" onClick={onClose}>
        {tc("cancel")}
      </button>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? ti("working") : label}
      </button>
    </div>
  );
}

function MoveDialog({ lot, from, onClose, onDone }: { lot: Lot; from?: string | undefined; onClose: () => void; onDone: Done }) {
  const only = lot.locations.length === 1 ? lot.locations[0]?.location : undefined;
  const start = from ?? only ?? "";
  const [v, setV] = useState({
    from: start,
    to: "",
    quantity: String(lot.locations.find((w) => w.location === start)?.quantity ?? ""),
    uom: lot.uom,
  });
  const [places, setPlaces] = useState<Place[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    loadPlaces().then(setPlaces, (e: unknown) => setErrors({ "": e instanceof Error ? e.message : String(e) }));
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = required(v, ["from", "to", "quantity"]);
    const quantity = parseNumber(v.quantity);
    if (v.quantity.trim() && quantity === null) missing.quantity = ti("not_a_number");
    setErrors(missing);
    if (Object.keys(missing).length || quantity === null) return;
    setBusy(true);
    try {
      const l = await must(
        api.POST("/api/v1/material-lots/{id}/move", {
          params: { path: { id: lot.id } },
          body: { from: v.from, to: v.to, quantity, ...(v.uom && v.uom !== lot.uom ? { uom: v.uom } : {}) },
        }),
      );
      onDone(ti("moved", { quantity: formatNumber(quantity, 3), uom: v.uom || lot.uom, to: v.to }), l);
    } catch (err) {
      setErrors(serverErrors(err, ["from", "to", "quantity", "uom"]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={ti("move_title", { lot: lot.id })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <SelectField
          label={ti("from")}
          name="from"
          value={v.from}
          error={errors.from}
          required
          onInput={(f) => setV({ ...v, from: f, quantity: String(lot.locations.find((w) => w.location === f)?.quantity ?? v.quantity) })}
          options={[
            ...(start ? [] : [{ value: "", label: ti("choose") }]),
            ...lot.locations.map((w) => ({ value: w.location, label: `${w.location} (${quantityText(w.quantity, lot.uom)})` })),
          ]}
        />
        <SelectField
          label={ti("to")}
          name="to"
          value={v.to}
          error={errors.to}
          required
          onInput={(to) => setV({ ...v, to })}
          options={[{ value: "", label: ti("choose") }, ...places.filter((p) => p.id !== v.from).map((p) => ({ value: p.id, label: placeLabel(p) }))]}
        />
        <div class="form-grid">
          <TextField label={ti("quantity")} name="quantity" inputMode="decimal" value={v.quantity} error={errors.quantity} required onInput={(quantity) => setV({ ...v, quantity })} />
          <TextField label={ti("unit")} name="uom" value={v.uom} error={errors.uom} onInput={(uom) => setV({ ...v, uom })} />
        </div>
        <FormError error={errors[""]} />
        <Actions busy={busy} label={ti("move")} onClose={onClose} />
      </form>
    </Dialog>
  );
}

function HoldDialog({ lot, onClose, onDone }: { lot: Lot; onClose: () => void; onDone: Done }) {
  const [v, setV] = useState({ status: "on_hold", reason: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = required(v, ["reason"]);
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      const l = await must(
        api.POST("/api/v1/material-lots/{id}/status", {
          params: { path: { id: lot.id } },
          body: { status: v.status as "on_hold" | "quarantine" | "expired", reason: v.reason.trim() },
        }),
      );
      onDone(ti("held", { lot: lot.id }), l);
    } catch (err) {
      setErrors(serverErrors(err, ["status", "reason"]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={ti("hold_title", { lot: lot.id })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p class="hint">{ti("hold_hint")}</p>
        <SelectField
          label={ti("hold_kind")}
          name="status"
          value={v.status}
          error={errors.status}
          onInput={(status) => setV({ ...v, status })}
          options={(["on_hold", "quarantine", "expired"] as const).map((s) => ({ value: s, label: lotStatusName(s) }))}
        />
        <TextField label={ti("reason")} name="reason" value={v.reason} error={errors.reason} required autoFocus onInput={(reason) => setV({ ...v, reason })} />
        <FormError error={errors[""]} />
        <Actions busy={busy} label={ti("hold")} onClose={onClose} />
      </form>
    </Dialog>
  );
}

function ReleaseDialog({ lot, hold, onClose, onDone }: { lot: Lot; hold: Hold; onClose: () => void; onDone: Done }) {
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
      const l = await must(
        api.POST("/api/v1/material-lots/{id}/status", {
          params: { path: { id: lot.id } },
          body: { status: "available", reason: reason.trim(), hold: hold.id },
        }),
      );
      onDone(ti("released", { hold: hold.id }), l);
    } catch (err) {
      setErrors(serverErrors(err, ["reason", "hold"]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={ti("release_title", { hold: hold.id, lot: lot.id })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p class="hint">
          {lotStatusName(hold.kind)}: {hold.reason}. {ti("release_hint")}
        </p>
        <TextField label={ti("reason")} name="reason" value={reason} error={errors.reason ?? errors.hold} required autoFocus onInput={setReason} />
        <FormError error={errors[""]} />
        <Actions busy={busy} label={ti("release")} onClose={onClose} />
      </form>
    </Dialog>
  );
}

// Scoped styles (inventory.css, genealogy.css) apply inside .tk-inv only.
export default function LotDetail({ id }: { id: string }) {
  return (
    <div class="tk-inv">
      <LotDetailScreen id={id} />
    </div>
  );
}

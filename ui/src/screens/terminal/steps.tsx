// What an operator records on the operation under way: good and scrap, lots consumed (scanned),
// output lots, completion; and pause or resume. Each step answers the order after it; refusals are
// the server's reasons, shown where the operator acts.
import { useEffect, useState } from "preact/hooks";
import { api, ApiFailure, must, type Schemas } from "../../lib/api";
import { formatNumber } from "../../i18n";
import { tc } from "../../lib/catalogue";
import { ErrorBanner } from "../../lib/ui";
import { Keypad, QuantityField } from "./keypad";
import { parseQuantity, roundQuantity, suggestConsumption, suggestOutputId, type Equipment } from "./logic";
import {
  scrapReasonKeys,
  scrapReasons,
  scrapReasonText,
  terminalTexts,
  tt,
  type ScrapReason,
  type TerminalKey,
} from "./catalogue";

export type WorkOrder = Schemas["WorkOrder"];
export type Operation = WorkOrder["operations"][number];
export type Lot = Schemas["MaterialLot"];

export interface StepProps {
  order: WorkOrder;
  op: Operation;
  onChanged: (wo: WorkOrder, message: string) => void;
}

const path = (order: WorkOrder, op: Operation) => ({ path: { id: order.id, operation: op.id } });
const num = (n: number, digits = 3) => formatNumber(n, digits);

// The error of one field from a server refusal, when the refusal names that field.
function fieldError(error: unknown, ...fields: string[]): string | null {
  return error instanceof ApiFailure && fields.includes(error.error.field ?? "") ? error.error.message : null;
}
function otherError(error: unknown, ...fields: string[]): unknown {
  return fieldError(error, ...fields) ? null : error;
}

// A choice among reasons, big buttons, the last one "Other" with its text field.
function ReasonChoice<K extends string>({
  legend,
  keys,
  text,
  value,
  other,
  onChange,
  onOther,
  otherLabel,
  idPrefix,
}: {
  legend: string;
  keys: readonly K[];
  text: (k: K) => string;
  value: K | "other" | null;
  other: string;
  onChange: (k: K | "other") => void;
  onOther: (t: string) => void;
  otherLabel: string;
  idPrefix: string;
}) {
  return (
    <fieldset class="reasons">
      <legend>{legend}</legend>
      <div class="reason-grid">
        {[...keys, "other" as const].map((k) => (
          <button key={k} type="button" class="big reason" aria-pressed={value === k} onClick={() => onChange(k)}>
            {k === "other" ? tt("other") : text(k as K)}
          </button>
        ))}
      </div>
      {value === "other" ? (
        <label class="other-text" for={`${idPrefix}-other`}>
          {otherLabel}
          <input
            id={`${idPrefix}-other`}
            class="big-input"
            value={other}
            maxLength={200}
            onInput={(e) => onOther(e.currentTarget.value)}
          />
        </label>
      ) : null}
    </fieldset>
  );
}

// ---- report good and scrap ------------------------------------------------------------------------

export function ReportStep({ order, op, onChanged }: StepProps) {
  const [good, setGood] = useState("");
  const [scrap, setScrap] = useState("");
  const [active, setActive] = useState<"good" | "scrap">("good");
  const [reason, setReason] = useState<ScrapReason | "other" | null>(null);
  const [other, setOther] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<{ field: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const g = parseQuantity(good) ?? 0;
    const s = parseQuantity(scrap) ?? 0;
    if (Number.isNaN(g)) return setLocal({ field: "good", text: tt("bad_number") });
    if (Number.isNaN(s)) return setLocal({ field: "scrap", text: tt("bad_number") });
    if (g <= 0 && s <= 0) return setLocal({ field: "good", text: tt("report_nothing") });
    const why = reason === "other" ? other.trim() : reason ? scrapReasons.en[reason] : "";
    if (s > 0 && !why) return setLocal({ field: "scrap_reason", text: tt("need_scrap_reason") });
    setLocal(null);
    setBusy(true);
    try {
      const wo = await must(
        api.POST("/api/v1/work-orders/{id}/operations/{operation}/report", {
          params: path(order, op),
          body: s > 0 ? { good: g, scrap: s, scrap_reason: why } : { good: g },
        }),
      );
      setGood("");
      setScrap("");
      setReason(null);
      setOther("");
      onChanged(wo, tt("report_done", { good: num(g), scrap: num(s) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const err = (f: string) => (local?.field === f ? local.text : fieldError(error, f));
  return (
    <form class="step report" onSubmit={submit} noValidate>
      <p class="step-summary">
        {tt("reported", { good: num(op.good), scrap: num(op.scrap), quantity: num(order.quantity), uom: order.uom })}
      </p>
      <div class="step-grid">
        <div class="step-fields">
          <QuantityField
            id="report-good"
            label={`${tt("good")} (${order.uom})`}
            value={good}
            onInput={setGood}
            onFocus={() => setActive("good")}
            active={active === "good"}
            error={err("good")}
          />
          <QuantityField
            id="report-scrap"
            label={`${tt("scrap")} (${order.uom})`}
            value={scrap}
            onInput={setScrap}
            onFocus={() => setActive("scrap")}
            active={active === "scrap"}
            error={err("scrap")}
          />
          {(parseQuantity(scrap) ?? 0) > 0 ? (
            <>
              <ReasonChoice
                legend={tt("scrap_reason")}
                keys={scrapReasonKeys}
                text={scrapReasonText}
                value={reason}
                other={other}
                onChange={setReason}
                onOther={setOther}
                otherLabel={tt("scrap_other_text")}
                idPrefix="scrap"
              />
              {err("scrap_reason") ? (
                <p class="field-error" role="alert">
                  {err("scrap_reason")}
                </p>
              ) : null}
            </>
          ) : null}
          <ErrorBanner error={otherError(error, "good", "scrap", "scrap_reason")} />
          <button type="submit" class="primary big wide-action" disabled={busy}>
            {busy ? tt("busy") : tt("report")}
          </button>
        </div>
        <Keypad
          field={active === "good" ? tt("good") : tt("scrap")}
          value={active === "good" ? good : scrap}
          onChange={active === "good" ? setGood : setScrap}
        />
      </div>
    </form>
  );
}

// ---- consume by scanning a lot ----------------------------------------------------------------------

export interface Scan {
  code: string;
  seq: number;
}

type ConsumeOutcome = { kind: "done"; text: string } | { kind: "refused"; lot: string; message: string; deviation: Lot | null };

export function ConsumeStep({
  order,
  op,
  onChanged,
  scan,
  onScanTaken,
}: StepProps & { scan: Scan | null; onScanTaken: () => void }) {
  const [lotText, setLotText] = useState("");
  const [qty, setQty] = useState("");
  const [qtyError, setQtyError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ConsumeOutcome | null>(null);
  const [deviation, setDeviation] = useState("");
  const [devQty, setDevQty] = useState("");
  const [devError, setDevError] = useState<unknown>(null);
  const needs = order.materials.filter((m) => m.operation === op.id);

  const post = (lot: Lot, quantity: number, deviation_reason?: string) => {
    const at = lot.locations.length > 1 ? (lot.locations.find((l) => l.quantity >= quantity) ?? lot.locations[0]) : undefined;
    return must(
      api.POST("/api/v1/work-orders/{id}/operations/{operation}/consume", {
        params: path(order, op),
        body: {
          lot: lot.id,
          quantity: roundQuantity(quantity),
          uom: lot.uom,
          ...(at ? { location: at.location } : {}),
          ...(deviation_reason ? { deviation_reason } : {}),
        },
      }),
    );
  };

  // A scanned or typed lot: consumed at once, the typed quantity or what is still needed of its
  // material. With neither (another material, or the need met) the server is asked all the same,
  // without a deviation reason, so that it refuses with its own reason (held, expired, off the BOM).
  const consume = async (code: string) => {
    const typed = parseQuantity(qty);
    if (typed !== null && (Number.isNaN(typed) || typed <= 0)) return setQtyError(tt("bad_number"));
    setQtyError(null);
    setBusy(true);
    setOutcome(null);
    setDevError(null);
    let lot: Lot | null = null;
    try {
      lot = await must(api.GET("/api/v1/material-lots/{id}", { params: { path: { id: code } } }));
      const suggested = suggestConsumption(needs, lot);
      const quantity = typed ?? suggested ?? (lot.quantity > 0 ? lot.quantity : 1);
      const wo = await post(lot, quantity);
      setQty("");
      const text = tt("consumed_done", { quantity: num(quantity), uom: lot.uom, lot: lot.id });
      setOutcome({ kind: "done", text });
      onChanged(wo, ""); // the outcome shows beside the lot field
    } catch (err) {
      const message = err instanceof ApiFailure ? err.error.message : String(err);
      // Off the bill of materials: the operator may go on with a deviation reason.
      const offBom = err instanceof ApiFailure && err.status === 422 && /deviation_reason/.test(message);
      setOutcome({ kind: "refused", lot: code, message, deviation: offBom ? lot : null });
      if (offBom && lot) setDevQty(typed !== null ? qty : "");
    } finally {
      setBusy(false);
      setLotText("");
    }
  };

  // A lot scanned anywhere on the screen comes here once (taken, so that it is never consumed twice).
  useEffect(() => {
    if (!scan) return;
    onScanTaken();
    void consume(scan.code);
  }, [scan?.seq]);

  const consumeAnyway = async (e: Event) => {
    e.preventDefault();
    if (outcome?.kind !== "refused" || !outcome.deviation) return;
    const lot = outcome.deviation;
    const q = parseQuantity(devQty);
    if (q === null || Number.isNaN(q) || q <= 0) return setDevError(new Error(tt("bad_number")));
    if (!deviation.trim()) return setDevError(new Error(tt("deviation")));
    setBusy(true);
    try {
      const wo = await post(lot, q, deviation.trim());
      const text = tt("consumed_done", { quantity: num(q), uom: lot.uom, lot: lot.id });
      setOutcome({ kind: "done", text });
      setDeviation("");
      onChanged(wo, text);
    } catch (err) {
      setDevError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="step consume">
      <h3>{tt("consume_needs")}</h3>
      <ul class="needs">
        {needs.map((n) => (
          <li key={n.material} class={n.consumed >= n.required ? "need met" : "need"}>
            {tt("need_line", { material: n.material, consumed: num(n.consumed), required: num(n.required), uom: n.uom })}
            {n.backflush ? <span class="muted"> · {tt("backflushed")}</span> : null}
          </li>
        ))}
      </ul>
      <div class="step-grid">
        <form
          class="step-fields"
          onSubmit={(e) => {
            e.preventDefault();
            if (lotText.trim()) void consume(lotText.trim());
          }}
        >
          <label for="consume-lot">{tt("consume_lot")}</label>
          <div class="inline">
            <input
              id="consume-lot"
              class="big-input scan-input"
              autocomplete="off"
              value={lotText}
              onInput={(e) => setLotText(e.currentTarget.value)}
            />
            <button type="submit" class="primary big" disabled={busy}>
              {busy ? tt("busy") : tt("consume")}
            </button>
          </div>
          {outcome?.kind === "done" ? (
            <p class="outcome ok" role="status">
              {outcome.text}
            </p>
          ) : null}
          {outcome?.kind === "refused" ? (
            <div class="outcome refused" role="alert">
              <p class="outcome-title">{tt("consume_refused", { lot: outcome.lot })}</p>
              <p class="outcome-reason">{outcome.message}</p>
            </div>
          ) : null}
          <QuantityField id="consume-qty" label={tt("consume_qty")} value={qty} onInput={setQty} error={qtyError} active />
        </form>
        <Keypad field={tt("consume_qty")} value={qty} onChange={setQty} />
      </div>
      {outcome?.kind === "refused" && outcome.deviation ? (
        <form class="deviation" onSubmit={consumeAnyway}>
          <p>{tt("no_need", { lot: outcome.deviation.id, material: outcome.deviation.material })}</p>
          <QuantityField
            id="deviation-qty"
            label={tt("produce_qty", { uom: outcome.deviation.uom })}
            value={devQty}
            onInput={setDevQty}
          />
          <label for="deviation-reason">{tt("deviation")}</label>
          <input
            id="deviation-reason"
            class="big-input"
            value={deviation}
            maxLength={200}
            onInput={(e) => setDeviation(e.currentTarget.value)}
          />
          <ErrorBanner error={devError} />
          <button type="submit" class="big" disabled={busy}>
            {tt("consume_anyway")}
          </button>
        </form>
      ) : null}
    </div>
  );
}

// ---- produce output lots --------------------------------------------------------------------------

const locationKey = (site: string) => `takt.terminal.location.${site}`;

export function ProduceStep({ order, op, onChanged, storage }: StepProps & { storage: readonly Equipment[] | undefined }) {
  const suggestedId = suggestOutputId(order.output_pattern, order.id, order.next_output);
  const producedHere = op.produced.reduce((n, p) => n + p.quantity, 0);
  const open = roundQuantity(op.good - producedHere);
  const [id, setId] = useState(suggestedId);
  const [qty, setQty] = useState(open > 0 ? String(open) : "");
  const [location, setLocation] = useState<string>(() => globalThis.localStorage?.getItem(locationKey(order.site)) ?? "");
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<{ field: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setId(suggestedId);
    setQty(open > 0 ? String(open) : "");
  }, [suggestedId, open]);
  const here = storage?.some((s) => s.id === location) ? location : "";

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const q = parseQuantity(qty);
    if (q === null || Number.isNaN(q) || q <= 0) return setLocal({ field: "quantity", text: tt("bad_number") });
    if (!here) return setLocal({ field: "location", text: tt("pick_location") });
    setLocal(null);
    setBusy(true);
    try {
      const r = await must(
        api.POST("/api/v1/work-orders/{id}/operations/{operation}/produce", {
          params: path(order, op),
          body: { outputs: [{ id: id.trim() || undefined, quantity: q, location: here }] },
        }),
      );
      globalThis.localStorage?.setItem(locationKey(order.site), here);
      const lot = r.lots[0];
      let text = tt("produced_done", { lot: lot?.id ?? id, quantity: num(q), uom: order.uom, location: here });
      if (r.containments.length) text += ` ${tt("produced_held", { cases: r.containments.join(", ") })}`;
      onChanged(r.work_order, text);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const err = (f: string, ...server: string[]) => (local?.field === f ? local.text : fieldError(error, ...server));
  return (
    <form class="step produce" onSubmit={submit} noValidate>
      <p class="step-summary">
        {order.outputs.length === 0
          ? tt("produced_none")
          : tt(order.outputs.length === 1 ? "produced_one" : "produced_so_far", {
              quantity: num(order.produced),
              uom: order.uom,
              lots: order.outputs.length,
            })}
      </p>
      <div class="step-grid">
        <div class="step-fields">
          <label for="produce-id">{tt("produce_lot")}</label>
          <input
            id="produce-id"
            class="big-input"
            autocomplete="off"
            value={id}
            aria-invalid={err("id", "outputs[0].id") ? true : undefined}
            onInput={(e) => setId(e.currentTarget.value)}
          />
          {err("id", "outputs[0].id") ? (
            <p class="field-error" role="alert">
              {err("id", "outputs[0].id")}
            </p>
          ) : null}
          <QuantityField
            id="produce-qty"
            label={tt("produce_qty", { uom: order.uom })}
            value={qty}
            onInput={setQty}
            active
            error={err("quantity", "outputs[0].quantity", "outputs")}
          />
          <fieldset class="locations">
            <legend>{tt("produce_location")}</legend>
            <div class="reason-grid">
              {(storage ?? []).map((s) => (
                <button
                  key={s.id}
                  type="button"
                  class="big reason"
                  aria-pressed={here === s.id}
                  onClick={() => setLocation(s.id)}
                >
                  <span>{s.id}</span>
                  {s.description ? <span class="muted small">{s.description}</span> : null}
                </button>
              ))}
            </div>
            {err("location", "outputs[0].location") ? (
              <p class="field-error" role="alert">
                {err("location", "outputs[0].location")}
              </p>
            ) : null}
          </fieldset>
          <ErrorBanner error={otherError(error, "outputs[0].id", "outputs[0].quantity", "outputs", "outputs[0].location")} />
          <button type="submit" class="primary big wide-action" disabled={busy}>
            {busy ? tt("busy") : tt("produce")}
          </button>
        </div>
        <Keypad field={tt("produce_qty", { uom: order.uom })} value={qty} onChange={setQty} />
      </div>
    </form>
  );
}

// ---- complete -------------------------------------------------------------------------------------

const nothingKeys = ["np_cancelled", "np_material", "np_breakdown", "np_quality"] as const;
type NothingKey = (typeof nothingKeys)[number];

export function CompleteStep({ order, op, onChanged }: StepProps) {
  const reported = op.good > 0 || op.scrap > 0;
  const [stated, setStated] = useState(false);
  const [reason, setReason] = useState<NothingKey | "other" | null>(null);
  const [other, setOther] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    let body: Schemas["CompleteOperation"] = {};
    if (!reported) {
      const why = reason === "other" ? other.trim() : reason ? terminalTexts.en[reason] : "";
      if (!stated || !why) return setError(new Error(tt("need_nothing_reason")));
      body = { nothing_produced: { reason: why } };
    }
    setBusy(true);
    try {
      const wo = await must(
        api.POST("/api/v1/work-orders/{id}/operations/{operation}/complete", { params: path(order, op), body }),
      );
      onChanged(wo, wo.status === "completed" ? tt("order_done", { order: wo.id }) : tt("complete_done", { operation: op.id }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="step complete" onSubmit={submit} noValidate>
      {reported ? (
        <p class="step-summary big-text">
          {tt("complete_summary", { operation: op.id, good: num(op.good), scrap: num(op.scrap) })}
        </p>
      ) : (
        <>
          <p class="step-summary big-text">{tt("nothing_reported")}</p>
          <label class="statement">
            <input type="checkbox" checked={stated} onChange={(e) => setStated(e.currentTarget.checked)} />
            {tt("nothing_statement")}
          </label>
          {stated ? (
            <ReasonChoice
              legend={tt("nothing_reason")}
              keys={nothingKeys}
              text={(k) => tt(k as TerminalKey)}
              value={reason}
              other={other}
              onChange={setReason}
              onOther={setOther}
              otherLabel={tt("nothing_other_text")}
              idPrefix="nothing"
            />
          ) : null}
        </>
      )}
      <ErrorBanner error={error} />
      <button type="submit" class="primary big wide-action" disabled={busy}>
        {busy ? tt("busy") : tt("complete")}
      </button>
    </form>
  );
}

// ---- pause ------------------------------------------------------------------------------------------

const pauseKeys = ["pause_break", "pause_material", "pause_machine", "pause_quality"] as const;

export function PauseChoice({ order, op, onChanged, onCancel }: StepProps & { onCancel: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pause = async (reason: string) => {
    setBusy(true);
    setError(null);
    try {
      const wo = await must(
        api.POST("/api/v1/work-orders/{id}/operations/{operation}/pause", {
          params: path(order, op),
          body: reason ? { reason } : {},
        }),
      );
      onChanged(wo, tt("paused_done"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="pause-choice" role="group" aria-labelledby="pause-title">
      <h3 id="pause-title">{tt("pause_title")}</h3>
      <div class="reason-grid">
        {pauseKeys.map((k) => (
          <button key={k} type="button" class="big reason" disabled={busy} onClick={() => void pause(terminalTexts.en[k])}>
            {tt(k)}
          </button>
        ))}
        <button type="button" class="big reason" disabled={busy} onClick={() => void pause("")}>
          {tt("pause_other")}
        </button>
        <button type="button" class="big reason cancel" onClick={onCancel}>
          {tc("cancel")}
        </button>
      </div>
      <ErrorBanner error={error} />
    </div>
  );
}

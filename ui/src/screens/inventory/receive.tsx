// The receipt form: a lot from a supplier into a storage location (POST /api/v1/material-lots).
// The server's refusal is shown at the field it names.
import { useState } from "preact/hooks";
import { tc } from "../../lib/catalogue";
import { api, must, type Schemas } from "../../lib/api";
import { ti } from "./catalogue";
import { placeLabel, type Material, type Place } from "./data";
import { lotStatusName, parseNumber, required, serverErrors, type FieldErrors } from "./lots";
import { Dialog, FormError, SelectField, TextField } from "./parts";

type Receipt = Schemas["MaterialLotReceipt"];
const fields = ["id", "material", "quantity", "uom", "location", "supplier", "supplier_lot", "expires_at", "status"] as const;
const statuses = ["available", "quarantine", "on_hold"] as const;

export function ReceiveDialog({
  materials,
  places,
  onClose,
  onReceived,
}: {
  materials: Material[];
  places: Place[];
  onClose: () => void;
  onReceived: (lot: Schemas["MaterialLot"]) => void;
}) {
  const [v, setV] = useState<Record<(typeof fields)[number], string>>({
    id: "",
    material: "",
    quantity: "",
    uom: "",
    location: "",
    supplier: "",
    supplier_lot: "",
    expires_at: "",
    status: "available",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (k: (typeof fields)[number]) => (value: string) => {
    const next = { ...v, [k]: value };
    // The material's own unit unless the user chose another.
    if (k === "material" && (!v.uom || v.uom === materials.find((m) => m.id === v.material)?.uom))
      next.uom = materials.find((m) => m.id === value)?.uom ?? "";
    setV(next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = required(v, ["id", "material", "quantity", "location"]);
    const quantity = parseNumber(v.quantity);
    if (v.quantity.trim() && quantity === null) missing.quantity = ti("not_a_number");
    setErrors(missing);
    if (Object.keys(missing).length || quantity === null) return;
    const body: Receipt = {
      id: v.id.trim(),
      material: v.material,
      quantity,
      location: v.location,
      status: v.status as Receipt["status"],
      ...(v.uom ? { uom: v.uom } : {}),
      ...(v.supplier.trim() ? { supplier: v.supplier.trim() } : {}),
      ...(v.supplier_lot.trim() ? { supplier_lot: v.supplier_lot.trim() } : {}),
      ...(v.expires_at ? { expires_at: v.expires_at } : {}),
    };
    setBusy(true);
    try {
      onReceived(await must(api.POST("/api/v1/material-lots", { body })));
    } catch (err) {
      setErrors(serverErrors(err, fields));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={ti("receive_title")} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <p class="hint">{ti("receive_hint")}</p>
        <div class="form-grid">
          <TextField label={ti("lot_id")} name="id" value={v.id} onInput={set("id")} error={errors.id} autoFocus required />
          <SelectField
            label={ti("material")}
            name="material"
            value={v.material}
            onInput={set("material")}
            error={errors.material}
            required
            options={[{ value: "", label: ti("choose") }, ...materials.map((m) => ({ value: m.id, label: m.description ? `${m.id} — ${m.description}` : m.id }))]}
          />
          <TextField label={ti("quantity")} name="quantity" inputMode="decimal" value={v.quantity} onInput={set("quantity")} error={errors.quantity} required />
          <TextField label={ti("unit")} name="uom" value={v.uom} onInput={set("uom")} error={errors.uom} />
          <SelectField
            label={ti("location")}
            name="location"
            value={v.location}
            onInput={set("location")}
            error={errors.location}
            required
            options={[{ value: "", label: ti("choose") }, ...places.map((p) => ({ value: p.id, label: placeLabel(p) }))]}
          />
          <SelectField
            label={ti("status_at_receipt")}
            name="status"
            value={v.status}
            onInput={set("status")}
            error={errors.status}
            options={statuses.map((s) => ({ value: s, label: lotStatusName(s) }))}
          />
          <TextField label={ti("supplier")} name="supplier" value={v.supplier} onInput={set("supplier")} error={errors.supplier} />
          <TextField label={ti("supplier_lot")} name="supplier_lot" value={v.supplier_lot} onInput={set("supplier_lot")} error={errors.supplier_lot} />
          <TextField label={ti("expires")} name="expires_at" type="date" value={v.expires_at} onInput={set("expires_at")} error={errors.expires_at} />
        </div>
        <FormError error={errors[""]} />
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            {tc("cancel")}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? ti("working") : ti("receive")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

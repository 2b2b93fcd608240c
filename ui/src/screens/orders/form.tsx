// /orders/new: a new work order from a product definition: quantity (in the product's unit), due,
// priority, site, optionally an earliest start and a tolerance. Checked here first, then by the
// server, whose refusal shows at its field.
import { useLocation } from "preact-iso";
import { useEffect, useRef, useState } from "preact/hooks";
import { lang } from "../../i18n";
import { tc } from "../../lib/catalogue";
import { can } from "../../lib/session";
import { Page } from "../../lib/ui";
import { message, to } from "./catalogue";
import { type Choice, createOrder, fetchMaterialUom, fetchProductDefinitions, fetchSites, type ProductDefinition } from "./data";
import { type CreateDraft, type CreateField, type Errors, isoToLocal, validateCreate } from "./model";
import { Field, described, serverErrorAt } from "./parts";

// In the form's order: the focus goes to the first one at fault.
const fields: readonly CreateField[] = [
  "id",
  "product_definition",
  "quantity",
  "due",
  "earliest_start",
  "priority",
  "site",
  "tolerance",
  "description",
];

// Due in a week at 16:00, the end of the day shift: a sensible start the user changes.
function defaultDue(): string {
  const d = new Date();
  d.setDate(d.getDate() + 7);
  d.setHours(16, 0, 0, 0);
  return isoToLocal(d.toISOString());
}

export default function NewOrder() {
  const { route } = useLocation();
  const [draft, setDraft] = useState<CreateDraft>(() => ({
    id: "",
    description: "",
    product_definition: "",
    quantity: "",
    due: defaultDue(),
    earliest_start: "",
    priority: "500",
    site: "",
    tolerance: "",
  }));
  const [errors, setErrors] = useState<Errors<CreateField>>({});
  const [serverError, setServerError] = useState<{ field?: CreateField; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [products, setProducts] = useState<ProductDefinition[] | null>(null);
  const [sites, setSites] = useState<Choice[] | null>(null);
  const [uom, setUom] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    fetchProductDefinitions().then((ps) => setProducts(ps.filter((p) => !p.retired)), setLoadError);
    fetchSites().then((ss) => {
      setSites(ss);
      if (ss.length === 1) setDraft((d) => (d.site ? d : { ...d, site: ss[0]!.id }));
    }, setLoadError);
  }, []);

  const product = products?.find((p) => p.id === draft.product_definition);
  useEffect(() => {
    setUom(null);
    if (!product) return;
    let live = true;
    fetchMaterialUom(product.product).then(
      (u) => live && setUom(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [product?.product]);

  // After a refusal the focus goes to the first field at fault, read out with its error.
  useEffect(() => {
    const first = serverError?.field ?? fields.find((f) => errors[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#new-${first}`)?.focus();
  }, [errors, serverError]);

  if (!can("plan_production")) {
    return (
      <Page title={to("new_order")}>
        <p class="banner error" role="alert">
          {tc("not_found")}
        </p>
      </Page>
    );
  }

  const set = (f: CreateField) => (e: Event) =>
    setDraft({ ...draft, [f]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const errorOf = (f: CreateField) => message(errors[f]) ?? (serverError?.field === f ? serverError.message : undefined);

  const submit = async (e: Event) => {
    e.preventDefault();
    setServerError(null);
    const v = validateCreate(draft, lang.value === "fr");
    setErrors(v.errors);
    if (!v.body) return;
    setBusy(true);
    try {
      const created = await createOrder(v.body);
      route(`/orders/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setServerError(serverErrorAt(err, fields));
    } finally {
      setBusy(false);
    }
  };

  const anyError = fields.some((f) => errorOf(f));
  const productHint = product
    ? to("f_makes", {
        product: product.product,
        operations: product.routing?.length ?? 0,
        materials: product.bom?.length ?? 0,
      })
    : undefined;
  return (
    <Page title={to("new_order")}>
      <p class="back">
        <a href="/orders">← {to("all_orders")}</a>
      </p>
      <form ref={formRef} class="card wo-form" onSubmit={submit} noValidate aria-busy={(!products || !sites) && !loadError ? "true" : undefined}>
        {anyError ? (
          <p class="banner error" role="alert">
            {to("fix_fields")}
          </p>
        ) : null}
        {serverError && !serverError.field ? (
          <p class="banner error" role="alert">
            {serverError.message}
          </p>
        ) : null}
        {loadError ? (
          <p class="banner error" role="alert">
            {loadError instanceof Error ? loadError.message : String(loadError)}
          </p>
        ) : null}
        <div class="form-grid">
          <Field id="new-id" label={to("f_id")} hint={to("f_id_hint")} error={errorOf("id")}>
            <input
              {...described("new-id", to("f_id_hint"), errorOf("id"))}
              name="id"
              autocomplete="off"
              spellcheck={false}
              value={draft.id}
              onInput={set("id")}
            />
          </Field>
          <Field
            id="new-product_definition"
            label={to("f_product_def")}
            hint={productHint}
            error={errorOf("product_definition")}
          >
            <select
              {...described("new-product_definition", productHint, errorOf("product_definition"))}
              value={draft.product_definition}
              onChange={set("product_definition")}
            >
              <option value="">{products ? to("f_choose") : tc("loading")}</option>
              {(products ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.description ? `${p.id} – ${p.description}` : p.id}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id="new-quantity"
            label={uom ? to("f_quantity_uom", { uom }) : to("f_quantity")}
            error={errorOf("quantity")}
          >
            <input
              {...described("new-quantity", undefined, errorOf("quantity"))}
              inputMode="decimal"
              value={draft.quantity}
              onInput={set("quantity")}
            />
          </Field>
          <Field id="new-due" label={to("f_due")} error={errorOf("due")}>
            <input
              {...described("new-due", undefined, errorOf("due"))}
              type="datetime-local"
              value={draft.due}
              onInput={set("due")}
            />
          </Field>
          <Field id="new-earliest_start" label={to("f_earliest_start")} error={errorOf("earliest_start")}>
            <input
              {...described("new-earliest_start", undefined, errorOf("earliest_start"))}
              type="datetime-local"
              value={draft.earliest_start}
              onInput={set("earliest_start")}
            />
          </Field>
          <Field id="new-priority" label={to("f_priority")} hint={to("f_priority_hint")} error={errorOf("priority")}>
            <input
              {...described("new-priority", to("f_priority_hint"), errorOf("priority"))}
              inputMode="numeric"
              value={draft.priority}
              onInput={set("priority")}
            />
          </Field>
          <Field id="new-site" label={to("f_site")} error={errorOf("site")}>
            <select
              {...described("new-site", undefined, errorOf("site"))}
              value={draft.site}
              onChange={set("site")}
            >
              <option value="">{sites ? to("f_choose") : tc("loading")}</option>
              {(sites ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.description ? `${s.id} – ${s.description}` : s.id}
                </option>
              ))}
            </select>
          </Field>
          <Field id="new-tolerance" label={to("f_tolerance")} error={errorOf("tolerance")}>
            <input
              {...described("new-tolerance", undefined, errorOf("tolerance"))}
              inputMode="decimal"
              value={draft.tolerance}
              onInput={set("tolerance")}
            />
          </Field>
          <Field id="new-description" label={to("f_description")} error={errorOf("description")} wide>
            <input
              {...described("new-description", undefined, errorOf("description"))}
              value={draft.description}
              onInput={set("description")}
              maxLength={500}
            />
          </Field>
        </div>
        <div class="form-buttons">
          <a class="button" href="/orders">
            {tc("cancel")}
          </a>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? to("creating") : to("create")}
          </button>
        </div>
      </form>
    </Page>
  );
}

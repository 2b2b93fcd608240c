// Finding a lot by its id or the supplier's lot number (GET /api/v1/material-lots?q=...), for the
// genealogy and recall screens. A single match opens at once (a scanned number lands there).
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { api, must, type Schemas } from "../../lib/api";
import { ErrorBanner, Loading } from "../../lib/ui";
import { quantityText } from "../inventory/lots";
import { StatusBadge, TextField } from "../inventory/parts";
import { tg } from "./catalogue";

type Lot = Schemas["MaterialLot"];

export function LotFinder({ base }: { base: "/genealogy" | "/recall" }) {
  const loc = useLocation();
  const q = (loc.query.q ?? "").trim();
  const [text, setText] = useState(q);
  const [lots, setLots] = useState<Lot[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (!q) return setLots(undefined);
    let live = true;
    setLots(undefined);
    must(api.GET("/api/v1/material-lots", { params: { query: { q, limit: 50 } } })).then(
      (p) => {
        if (!live) return;
        setError(null);
        const only = p.items.length === 1 ? p.items[0] : undefined;
        if (only) loc.route(`${base}/${encodeURIComponent(only.id)}`, true);
        else setLots(p.items);
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [q]);
  return (
    <>
      <form
        class="filters finder"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const t = text.trim();
          if (t) loc.route(`${base}?q=${encodeURIComponent(t)}`);
        }}
      >
        <TextField label={tg("find_label")} name="q" type="search" value={text} onInput={setText} hint={tg("find_hint")} autoFocus />
        <button type="submit" class="primary">
          {tg("find")}
        </button>
      </form>
      <ErrorBanner error={error} />
      {q && !lots && !error ? <Loading /> : null}
      {lots && !lots.length ? <p class="empty">{tg("no_match", { q })}</p> : null}
      {lots?.length ? (
        <div class="table-wrap">
          <table>
            <caption>{tg("results")}</caption>
            <thead>
              <tr>
                <th scope="col">{tg("lot")}</th>
                <th scope="col">{tg("material")}</th>
                <th scope="col">{tg("supplier_lot")}</th>
                <th scope="col">{tg("status")}</th>
                <th scope="col" class="num">
                  {tg("quantity")}
                </th>
                <th scope="col">{tg("locations")}</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((l) => (
                <tr key={l.id}>
                  <th scope="row">
                    <a href={`${base}/${encodeURIComponent(l.id)}`}>{l.id}</a>
                  </th>
                  <td>{l.material}</td>
                  <td>{l.supplier_lot}</td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td class="num">{quantityText(l.quantity, l.uom)}</td>
                  <td>{l.locations.map((w) => w.location).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

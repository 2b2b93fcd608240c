// /terminal — which work unit this terminal serves: the units by work center. The device remembers
// the choice and opens that unit directly next time (/terminal?choose shows the list again).
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { tc } from "../../lib/catalogue";
import { lastUnit, loadEquipment } from "./data";
import { groupUnits, type Equipment } from "./logic";
import { tt } from "./catalogue";
import "./terminal.css";

export default function Picker() {
  const { query, route } = useLocation();
  const choose = "choose" in query;
  const last = lastUnit();
  const [equipment, setEquipment] = useState<Equipment[]>();
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState("");
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (last && !choose) route(`/terminal/${encodeURIComponent(last)}`, true);
  }, [last, choose]);
  useEffect(() => {
    if (last && !choose) return;
    setError(null);
    loadEquipment().then(setEquipment, setError);
  }, [choose, round]);
  if (last && !choose) return <Loading />;

  const s = search.trim().toLowerCase();
  const groups = equipment
    ? groupUnits(equipment)
        .map((g) => ({
          ...g,
          units: g.units.filter(
            (u) =>
              !s || [u.id, u.description ?? "", g.center.id, g.center.description ?? ""].some((t) => t.toLowerCase().includes(s)),
          ),
        }))
        .filter((g) => g.units.length > 0)
    : undefined;
  return (
    <Page title={tt("pick_title")}>
      <div class="terminal picker">
        <p class="big-text">{tt("pick_intro")}</p>
        {last ? (
          <p>
            {tt("pick_last")}:{" "}
            <a class="button big primary" href={`/terminal/${encodeURIComponent(last)}`}>
              {last}
            </a>
          </p>
        ) : null}
        <label class="search">
          {tt("pick_search")}
          <input type="search" class="big-input" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        {error ? (
          <>
            <ErrorBanner error={error} />
            <button type="button" class="big" onClick={() => setRound(round + 1)}>
              {tc("retry")}
            </button>
          </>
        ) : !groups ? (
          <Loading />
        ) : groups.length === 0 ? (
          <p class="empty">{tt("pick_none")}</p>
        ) : (
          groups.map((g) => (
            <section key={g.center.id} class="unit-group" aria-labelledby={`wc-${g.center.id}`}>
              <h2 id={`wc-${g.center.id}`}>
                {g.center.description || g.center.id} <span class="muted">{g.center.id}</span>
              </h2>
              {g.path ? <p class="muted small">{g.path}</p> : null}
              <ul class="unit-tiles">
                {g.units.map((u) => (
                  <li key={u.id}>
                    <a class={`unit-tile${u.id === last ? " last" : ""}`} href={`/terminal/${encodeURIComponent(u.id)}`}>
                      <span class="unit-id">{u.id}</span>
                      {u.description ? <span class="unit-desc">{u.description}</span> : null}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
      </div>
    </Page>
  );
}

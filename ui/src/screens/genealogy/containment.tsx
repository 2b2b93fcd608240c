// A containment case: what it holds, with each lot's status and stock now, and its release by
// permission (POST /api/v1/containments/{id}/release). Opened from the recall, it shows the reply's
// held lots at once.
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { formatTime } from "../../i18n";
import { api, must, ApiFailure, type Schemas } from "../../lib/api";
import { tc } from "../../lib/catalogue";
import { can } from "../../lib/session";
import { ErrorBanner, Loading, Page } from "../../lib/ui";
import { quantityText, required, serverErrors, type FieldErrors } from "../inventory/lots";
import { Dialog, FormError, Notice, StatusBadge, TextField } from "../inventory/parts";
import { tg } from "./catalogue";
import "./genealogy.css";

type Case = Schemas["ContainmentCase"];

// The reply of the POST that opened a case, handed to this screen by the recall.
let remembered: Case | null = null;
export function rememberCase(c: Case): void {
  remembered = c;
}

function ContainmentScreen({ id }: { id: string }) {
  const loc = useLocation();
  const [c, setCase] = useState<Case | undefined>(remembered?.id === id ? remembered : undefined);
  const [error, setError] = useState<unknown>(null);
  const [releasing, setReleasing] = useState(false);
  const [notice, setNotice] = useState<string | null>(
    loc.query.opened && remembered?.id === id ? tg("case_opened", { id, n: remembered.held_count }) : null,
  );
  useEffect(() => {
    if (remembered?.id === id) {
      remembered = null;  // shown once; a reload reads the case again
      return;
    }
    let live = true;
    must(api.GET("/api/v1/containments/{id}", { params: { path: { id } } })).then(
      (k) => live && (setCase(k), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (error instanceof ApiFailure && error.status === 404)
    return (
      <Page title={tg("case_title", { id })}>
        <p class="empty">{tg("case_not_found", { id })}</p>
        <p>
          <a href="/recall">{tg("back_to_recall")}</a>
        </p>
      </Page>
    );
  const mayRelease = can("control_inventory") && c?.status === "open";
  return (
    <Page
      title={tg("case_title", { id })}
      actions={
        mayRelease ? (
          <button type="button" class="primary" onClick={() => setReleasing(true)}>
            {tg("release")}
          </button>
        ) : undefined
      }
    >
      <p class="muted crumbs">
        <a href="/recall">{tg("back_to_recall")}</a> › {id}
      </p>
      <Notice text={notice} />
      <ErrorBanner error={error} />
      {!c ? (
        error ? null : <Loading />
      ) : (
        <>
          <section class="panel" aria-label={tg("case_title", { id })}>
            <dl class="summary">
              <div>
                <dt>{tg("case_status")}</dt>
                <dd>
                  <span class={`case-status ${c.status}`}>{c.status === "open" ? tg("case_open") : tg("case_released")}</span>
                </dd>
              </div>
              <div>
                <dt>{tg("reason")}</dt>
                <dd>{c.reason}</dd>
              </div>
              <div>
                <dt>{tg("sources")}</dt>
                <dd>
                  {c.sources.map((s) => (
                    <a key={s} class="pill" href={`/recall/${encodeURIComponent(s)}`}>
                      {s}
                    </a>
                  ))}
                </dd>
              </div>
              <div>
                <dt>{tg("held_count")}</dt>
                <dd>{c.held_count}</dd>
              </div>
              <div>
                <dt>{tg("opened")}</dt>
                <dd>
                  {formatTime(c.opened_at)} · {c.opened_by}
                </dd>
              </div>
              {c.released_at ? (
                <div>
                  <dt>{tg("released")}</dt>
                  <dd>
                    {formatTime(c.released_at)} · {c.released_by} · {c.release_reason}
                  </dd>
                </div>
              ) : null}
            </dl>
          </section>
          <section class="panel" aria-labelledby="held-title">
            <h2 id="held-title">{tg("held")}</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{tg("lot")}</th>
                    <th scope="col">{tg("source")}</th>
                    <th scope="col">{tg("status")}</th>
                    <th scope="col" class="num">
                      {tg("quantity")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.held.map((h) => (
                    <tr key={h.lot}>
                      <th scope="row">
                        <a href={`/inventory/lots/${encodeURIComponent(h.lot)}`}>{h.lot}</a>
                      </th>
                      <td>{h.source === h.lot ? "–" : h.source}</td>
                      <td>
                        <StatusBadge status={h.status} />
                      </td>
                      <td class="num">{quantityText(h.quantity, h.uom)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      {releasing && c ? (
        <ReleaseDialog
          c={c}
          onClose={() => setReleasing(false)}
          onReleased={(k) => {
            setReleasing(false);
            setCase(k);
            setNotice(tg("case_was_released", { id: k.id }));
          }}
        />
      ) : null}
    </Page>
  );
}

function ReleaseDialog({ c, onClose, onReleased }: { c: Case; onClose: () => void; onReleased: (c: Case) => void }) {
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
      onReleased(await must(api.POST("/api/v1/containments/{id}/release", { params: { path: { id: c.id } }, body: { reason: reason.trim() } })));
    } catch (err) {
      setErrors(serverErrors(err, ["reason"]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={tg("release_title", { id: c.id })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>{tg("release_explain", { id: c.id, n: c.held_count })}</p>
        <TextField label={tg("reason")} name="reason" value={reason} onInput={setReason} error={errors.reason} required autoFocus />
        <FormError error={errors[""]} />
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            {tc("cancel")}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? tg("releasing") : tg("confirm_release", { n: c.held_count })}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// Scoped styles (inventory.css, genealogy.css) apply inside .tk-inv only.
export default function Containment({ id }: { id: string }) {
  return (
    <div class="tk-inv">
      <ContainmentScreen id={id} />
    </div>
  );
}

// The order's actions, each in a dialog: release, hold (reason), resume, reschedule (due, priority,
// earliest start, reason), cancel (reason) and close. The server's refusal shows at its field, or
// above the buttons when it is about the order (its status, its materials).
import { useEffect, useRef, useState } from "preact/hooks";
import { formatNumber } from "../../i18n";
import { tc } from "../../lib/catalogue";
import { message, statusName, to } from "./catalogue";
import { act } from "./data";
import {
  type Action,
  type Errors,
  type Order,
  type RescheduleDraft,
  type RescheduleField,
  needsReason,
  rescheduleDraft,
  validateReschedule,
} from "./model";
import { Dialog, Field, described, serverErrorAt } from "./parts";

type Title = "title_release" | "title_hold" | "title_resume" | "title_reschedule" | "title_cancel" | "title_close";
type Explain = "explain_release" | "explain_hold" | "explain_resume" | "explain_reschedule" | "explain_cancel" | "explain_close";
type Done = "done_release" | "done_hold" | "done_resume" | "done_reschedule" | "done_cancel" | "done_close";

// What the release left short, for the message after it: "STEEL-20 3 m, SEAL 2 pcs".
function shortages(o: Order): string {
  return o.materials
    .filter((m) => m.short > 0)
    .map((m) => `${m.material} ${formatNumber(m.short, 3)} ${m.uom}`)
    .join(", ");
}

export function ActionDialog({
  action,
  order,
  onClose,
  onDone,
}: {
  action: Action;
  order: Order;
  onClose: () => void;
  onDone: (after: Order, text: string) => void;
}) {
  const [reason, setReason] = useState("");
  const [draft, setDraft] = useState<RescheduleDraft>(() => rescheduleDraft(order));
  const [errors, setErrors] = useState<Errors<RescheduleField>>({});
  const [serverError, setServerError] = useState<{ field?: RescheduleField; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const dialogId = `act-${action}`;

  // After a refusal, the focus goes to the field at fault so that it is read out with its error.
  useEffect(() => {
    const field = serverError?.field ?? (Object.keys(errors)[0] as RescheduleField | undefined);
    if (field) formRef.current?.querySelector<HTMLElement>(`#${dialogId}-${field.replace("_", "-")}`)?.focus();
  }, [errors, serverError]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setServerError(null);
    let body: Record<string, unknown>;
    if (action === "reschedule") {
      const v = validateReschedule(draft, order);
      setErrors(v.errors);
      if (!v.body) return;
      body = v.body;
    } else {
      const r = reason.trim();
      if (needsReason(action) && !r) {
        setErrors({ reason: "err_required" });
        return;
      }
      setErrors({});
      body = action === "release" ? {} : r ? { reason: r } : {};
    }
    setBusy(true);
    try {
      const after = await act(order.id, action, body as never);
      const short = action === "release" ? shortages(after) : "";
      onDone(
        after,
        short ? to("done_release_short", { id: order.id, list: short }) : to(`done_${action}` as Done, { id: order.id }),
      );
    } catch (err) {
      setServerError(serverErrorAt(err, ["due", "priority", "earliest_start", "reason"] as const));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (f: RescheduleField) =>
    message(errors[f]) ?? (serverError?.field === f ? serverError.message : undefined);
  const fid = (f: RescheduleField) => `${dialogId}-${f.replace("_", "-")}`;
  const set = (f: RescheduleField) => (e: Event) =>
    setDraft({ ...draft, [f]: (e.currentTarget as HTMLInputElement).value });

  return (
    <Dialog id={dialogId} title={to(`title_${action}` as Title, { id: order.id })} onClose={onClose}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <p class="explain">
          {to(`explain_${action}` as Explain, { site: order.site, status: statusName(order.held_from) })}
        </p>
        {action === "reschedule" ? (
          <div class="form-grid">
            <Field id={fid("due")} label={to("f_due")} error={fieldError("due")}>
              <input
                {...described(fid("due"), undefined, fieldError("due"))}
                type="datetime-local"
                value={draft.due}
                onInput={set("due")}
              />
            </Field>
            <Field id={fid("priority")} label={to("f_priority")} hint={to("f_priority_hint")} error={fieldError("priority")}>
              <input
                {...described(fid("priority"), to("f_priority_hint"), fieldError("priority"))}
                inputMode="numeric"
                value={draft.priority}
                onInput={set("priority")}
              />
            </Field>
            <Field
              id={fid("earliest_start")}
              label={to("f_earliest_start")}
              hint={to("clear_start_hint")}
              error={fieldError("earliest_start")}
            >
              <input
                {...described(fid("earliest_start"), to("clear_start_hint"), fieldError("earliest_start"))}
                type="datetime-local"
                value={draft.earliest_start}
                onInput={set("earliest_start")}
              />
            </Field>
            <Field id={fid("reason")} label={to("reason")} error={fieldError("reason")} wide>
              <input
                {...described(fid("reason"), undefined, fieldError("reason"))}
                value={draft.reason}
                onInput={set("reason")}
                maxLength={500}
              />
            </Field>
          </div>
        ) : action !== "release" ? (
          <Field
            id={fid("reason")}
            label={needsReason(action) ? to("reason") : to("reason_optional")}
            error={fieldError("reason")}
          >
            <input
              {...described(fid("reason"), undefined, fieldError("reason"))}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
              maxLength={500}
            />
          </Field>
        ) : null}
        {serverError && !serverError.field ? (
          <p class="banner error" role="alert">
            {serverError.message}
          </p>
        ) : null}
        <div class="dialog-buttons">
          <button type="button" onClick={onClose} disabled={busy}>
            {action === "cancel" ? to("keep") : tc("cancel")}
          </button>
          <button type="submit" class={action === "cancel" ? "danger" : "primary"} disabled={busy}>
            {busy ? to("working") : to(`act_${action}` as "act_release")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

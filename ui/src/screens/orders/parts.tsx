// Pieces the work orders screens share: status badges, the progress bar, form fields whose errors
// sit under them (and are read with them), and a modal dialog.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { formatPercent } from "../../i18n";
import { ApiFailure } from "../../lib/api";
import { to, opStatusName, statusName } from "./catalogue";
import { type Lateness, type Order, type OrderStatus, progress } from "./model";
import "./orders.css";

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span class={`wo-status ${status}`}>{statusName(status)}</span>;
}

export function OpStatusBadge({ status }: { status: "pending" | "running" | "paused" | "completed" }) {
  return <span class={`op-status ${status}`}>{opStatusName(status)}</span>;
}

export function LateBadge({ lateness }: { lateness: Lateness }) {
  if (!lateness) return null;
  return <span class={`late-badge ${lateness}`}>{to(lateness === "late" ? "late" : "finished_late")}</span>;
}

export function ProgressBar({ order }: { order: Pick<Order, "quantity" | "operations"> }) {
  const p = progress(order);
  const label = to("progress_label", { pct: formatPercent(p) });
  return (
    <div class="wo-progress">
      <div
        class="bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(p * 100)}
      >
        <span style={{ width: `${Math.round(p * 100)}%` }} />
      </div>
      <span class="pct">{formatPercent(p)}</span>
    </div>
  );
}

// The attributes that tie an input to its hint and error, by the input's id.
export function described(id: string, hint?: string, error?: string) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { id, "aria-describedby": ids || undefined, "aria-invalid": error ? ("true" as const) : undefined };
}

export function Field({
  id,
  label,
  hint,
  error,
  children,
  wide,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
  wide?: boolean;
}) {
  return (
    <div class={`field${error ? " invalid" : ""}${wide ? " wide" : ""}`}>
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

// The server's error for a form: at its field when the form has that field, else for the whole form.
export function serverErrorAt<F extends string>(error: unknown, fields: readonly F[]): { field?: F; message: string } | null {
  if (!error) return null;
  if (error instanceof ApiFailure) {
    const f = error.error.field as F | null | undefined;
    if (f && fields.includes(f)) return { field: f, message: error.error.message };
    return { message: error.error.message };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

// A modal dialog (the browser's <dialog>: focus stays inside, Escape closes it).
export function Dialog({
  id,
  title,
  onClose,
  children,
}: {
  id: string;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="wo-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

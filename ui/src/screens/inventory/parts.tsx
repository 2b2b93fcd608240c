// Pieces the inventory and genealogy screens share: a lot's status badge, a modal dialog, form
// fields that show the server's error where the user typed, and a confirmation note.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";
import { tc } from "../../lib/catalogue";
import { lotStatusName } from "./lots";
import "./inventory.css";

export function StatusBadge({ status }: { status: string }) {
  return <span class={`lot-status st-${status}`}>{lotStatusName(status)}</span>;
}

// A modal dialog (the browser's own: focus stays inside, Escape closes it).
export function Dialog({
  title,
  onClose,
  children,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} class={wide ? "modal wide" : "modal"} aria-labelledby={id} onClose={onClose}>
      <header class="modal-head">
        <h2 id={id}>{title}</h2>
        <button type="button" class="close" onClick={onClose} aria-label={tc("close")}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

interface FieldProps {
  label: string;
  name: string;
  value: string;
  error?: string | undefined;
  onInput: (value: string) => void;
  hint?: string;
}

function FieldShell({ id, label, error, hint, children }: { id: string; label: string; error?: string | undefined; hint?: string | undefined; children: ComponentChildren }) {
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
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

function described(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function TextField({
  type = "text",
  inputMode,
  autoFocus = false,
  required = false,
  ...p
}: FieldProps & { type?: "text" | "search" | "date"; inputMode?: "decimal" | "text"; autoFocus?: boolean; required?: boolean }) {
  const id = useId();
  return (
    <FieldShell id={id} label={p.label} error={p.error} hint={p.hint}>
      <input
        id={id}
        name={p.name}
        type={type as "text" /* one of the text-like types; the typings split them */}
        inputMode={inputMode}
        value={p.value}
        required={required}
        autoFocus={autoFocus}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={described(id, p.error, p.hint)}
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
    </FieldShell>
  );
}

export function SelectField({
  options,
  required = false,
  ...p
}: FieldProps & { options: readonly { value: string; label: string }[]; required?: boolean }) {
  const id = useId();
  return (
    <FieldShell id={id} label={p.label} error={p.error} hint={p.hint}>
      <select
        id={id}
        name={p.name}
        value={p.value}
        required={required}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={described(id, p.error, p.hint)}
        onChange={(e) => p.onInput(e.currentTarget.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

// An error that belongs to no field of the form.
export function FormError({ error }: { error?: string | undefined }) {
  if (!error) return null;
  return (
    <div class="banner error" role="alert">
      {error}
    </div>
  );
}

// What a write did, said once and politely.
export function Notice({ text }: { text: string | null }) {
  return (
    <div class="notice-slot" role="status" aria-live="polite">
      {text ? <div class="banner ok">{text}</div> : null}
    </div>
  );
}

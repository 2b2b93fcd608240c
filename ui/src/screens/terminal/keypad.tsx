// Quantity fields for a touch screen: a large text field (a numeric keyboard on tablets, the
// scanner or a keyboard elsewhere) and a number pad whose keys type into the field it serves.
import type { JSX } from "preact";
import { lang } from "../../i18n";
import { applyKey, type PadKey } from "./logic";
import { tt } from "./catalogue";

export function QuantityField({
  id,
  label,
  value,
  onInput,
  onFocus,
  error,
  placeholder,
  active,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  onFocus?: () => void;
  error?: string | null;
  placeholder?: string;
  active?: boolean;
}) {
  const errorId = `${id}-error`;
  return (
    <div class={`qty-field${active ? " active" : ""}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        class="qty"
        inputMode="decimal"
        autocomplete="off"
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onFocus={onFocus}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {error ? (
        <p class="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const rows: PadKey[][] = [
  ["7", "8", "9"],
  ["4", "5", "6"],
  ["1", "2", "3"],
  [".", "0", "back"],
];

// A number pad typing into `value` (the active field's text). `field` names that field for screen readers.
export function Keypad({ value, onChange, field }: { value: string; onChange: (v: string) => void; field: string }) {
  const decimal = lang.value === "fr" ? "," : ".";
  const press = (k: PadKey) => onChange(applyKey(value, k).replace(/[.,]/, decimal));
  const label = (k: PadKey): string | JSX.Element => (k === "back" ? "⌫" : k === "." ? decimal : k);
  return (
    <div class="keypad" role="group" aria-label={tt("keypad", { field })}>
      {rows.flat().map((k) => (
        <button key={k} type="button" class="key" aria-label={k === "back" ? tt("key_back") : undefined} onClick={() => press(k)}>
          {label(k)}
        </button>
      ))}
      <button type="button" class="key wide" onClick={() => press("clear")}>
        {tt("key_clear")}
      </button>
    </div>
  );
}

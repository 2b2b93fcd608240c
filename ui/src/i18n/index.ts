// Every text the UI shows comes from a catalogue: one per screen, each with English and French.
// A catalogue's French side must have exactly the English keys (the type check says so).
import { signal } from "@preact/signals";

export type Lang = "en" | "fr";
export const languages: readonly Lang[] = ["en", "fr"];
const stored = "takt.lang";

function initialLang(): Lang {
  const saved = globalThis.localStorage?.getItem(stored);
  if (saved === "en" || saved === "fr") return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith("fr") ? "fr" : "en";
}

// The user's language: read by every translator, so changing it re-renders what reads a text.
export const lang = signal<Lang>(initialLang());

export function setLang(l: Lang): void {
  lang.value = l;
  globalThis.localStorage?.setItem(stored, l);
  if (globalThis.document) document.documentElement.lang = l;
}

export type Catalogue<K extends string> = { en: Record<K, string>; fr: Record<K, string> };

export function defineCatalogue<K extends string>(c: { en: Record<K, string>; fr: Record<NoInfer<K>, string> }): Catalogue<K> {
  return c;
}

export type Params = Record<string, string | number>;

// "{n} lots" with {n: 3} gives "3 lots"; an unknown placeholder stays as written.
export function format(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translate<K extends string> = (key: K, params?: Params) => string;

export function translator<K extends string>(c: Catalogue<K>): Translate<K> {
  return (key, params) => format(c[lang.value][key], params);
}

const locales: Record<Lang, string> = { en: "en-GB", fr: "fr-FR" };

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  return new Intl.NumberFormat(locales[lang.value], { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "–";
  return new Intl.NumberFormat(locales[lang.value], { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

// Times in the browser's zone (the terminal stands in the plant), to the minute unless asked.
export function formatTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[lang.value], {
    dateStyle: "short",
    timeStyle: withSeconds ? "medium" : "short",
  }).format(d);
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "–";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${s} s`;
}

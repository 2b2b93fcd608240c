// The terminal's reads: whole lists of the small resource collections (persons, qualifications,
// downtime reasons, equipment), page by page.
import { api, must } from "../../lib/api";
import type { DowntimeReason, Equipment, Person, Qualification } from "./logic";

// Follows next_after until the last page (at most 50 pages of 1000).
async function all<T>(page: (after: string | undefined) => Promise<{ items: T[]; next_after?: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (let i = 0; i < 50; i++) {
    const p = await page(after);
    out.push(...p.items);
    if (!p.next_after) break;
    after = p.next_after;
  }
  return out;
}

export const loadPersons = () =>
  all<Person>((after) => must(api.GET("/api/v1/persons", { params: { query: { limit: 1000, after } } })));
export const loadQualifications = () =>
  all<Qualification>((after) => must(api.GET("/api/v1/qualifications", { params: { query: { limit: 1000, after } } })));
export const loadDowntimeReasons = () =>
  all<DowntimeReason>((after) => must(api.GET("/api/v1/downtime-reasons", { params: { query: { limit: 1000, after } } })));
export const loadEquipment = () =>
  all<Equipment>((after) => must(api.GET("/api/v1/equipment", { params: { query: { limit: 1000, after } } })));

// The unit this device was last used at (the picker opens it directly).
const lastUnitKey = "takt.terminal.unit";
export const lastUnit = (): string | null => globalThis.localStorage?.getItem(lastUnitKey) ?? null;
export const rememberUnit = (unit: string | null): void => {
  if (unit) globalThis.localStorage?.setItem(lastUnitKey, unit);
  else globalThis.localStorage?.removeItem(lastUnitKey);
};

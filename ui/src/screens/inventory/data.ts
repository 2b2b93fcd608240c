// What the inventory forms choose from: material definitions and storage locations, read once
// per page load (master data changes rarely; a new one shows after a reload).
import { api, must, type Schemas } from "../../lib/api";

export type Material = Schemas["MaterialDefinition"];
export interface Place {
  id: string;
  description: string;
}

let materials: Promise<Material[]> | null = null;
let places: Promise<Place[]> | null = null;

export function loadMaterials(): Promise<Material[]> {
  materials ??= must(api.GET("/api/v1/material-definitions", { params: { query: { limit: 1000 } } }))
    .then((p) => p.items)
    .catch((e: unknown) => {
      materials = null;
      throw e;
    });
  return materials;
}

// Storage zones and units: where lots may lie.
export function loadPlaces(): Promise<Place[]> {
  places ??= Promise.all(
    (["storage_zone", "storage_unit"] as const).map((level) =>
      must(api.GET("/api/v1/equipment", { params: { query: { level, limit: 1000 } } })),
    ),
  )
    .then((pages) =>
      pages
        .flatMap((p) => p.items)
        .map((e) => ({ id: e.id, description: e.description ?? "" }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    )
    .catch((e: unknown) => {
      places = null;
      throw e;
    });
  return places;
}

export function placeLabel(p: Place): string {
  return p.description ? `${p.id} — ${p.description}` : p.id;
}

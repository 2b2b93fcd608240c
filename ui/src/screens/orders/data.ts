// What the work orders screens read from the API.
import { api, ApiFailure, must, type Schemas } from "../../lib/api";
import type { Order, OrderQuery, Projection } from "./model";

export const pageSize = 50;

export async function fetchOrders(q: OrderQuery, after?: string, limit = pageSize): Promise<Schemas["WorkOrderPage"]> {
  return must(api.GET("/api/v1/work-orders", { params: { query: { ...q, after, limit } } }));
}

export async function fetchOrder(id: string): Promise<Order> {
  return must(api.GET("/api/v1/work-orders/{id}", { params: { path: { id } } }));
}

export async function fetchPerformance(id: string): Promise<Schemas["WorkOrderPerformance"]> {
  return must(api.GET("/api/v1/work-orders/{id}/performance", { params: { path: { id } } }));
}

export type Schedule = Schemas["Schedule"];

// The active schedule, or null when there is none yet (404).
export async function fetchSchedule(): Promise<Schedule | null> {
  try {
    return await must(api.GET("/api/v1/schedules/active"));
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 404) return null;
    throw e;
  }
}

export function projections(s: Schedule | null): Map<string, Projection> {
  return new Map((s?.orders ?? []).map((p) => [p.order, p]));
}

export interface Choice {
  id: string;
  description?: string;
}

// The sites (equipment at level site) and the active product definitions, for filters and forms.
export async function fetchSites(): Promise<Choice[]> {
  const page = await must(api.GET("/api/v1/equipment", { params: { query: { level: "site", limit: 1000 } } }));
  return page.items.map((e) => ({ id: e.id, description: e.description }));
}

export type ProductDefinition = Schemas["ProductDefinition"];

export async function fetchProductDefinitions(): Promise<ProductDefinition[]> {
  const page = await must(api.GET("/api/v1/product-definitions", { params: { query: { limit: 1000 } } }));
  return page.items;
}

export async function fetchMaterialUom(material: string): Promise<string> {
  const m = await must(api.GET("/api/v1/material-definitions/{id}", { params: { path: { id: material } } }));
  return m.uom;
}

export type ActionBody = {
  release: Schemas["ReleaseWorkOrder"];
  hold: Schemas["HoldWorkOrder"];
  resume: Schemas["ResumeWorkOrder"];
  reschedule: Schemas["RescheduleWorkOrder"];
  cancel: Schemas["CancelWorkOrder"];
  close: Schemas["CloseWorkOrder"];
};

// Runs an action on the order; the server answers the order after it.
export async function act<A extends keyof ActionBody>(id: string, action: A, body: ActionBody[A]): Promise<Order> {
  const path = { params: { path: { id } } };
  switch (action) {
    case "release":
      return must(api.POST("/api/v1/work-orders/{id}/release", { ...path, body: body as ActionBody["release"] }));
    case "hold":
      return must(api.POST("/api/v1/work-orders/{id}/hold", { ...path, body: body as ActionBody["hold"] }));
    case "resume":
      return must(api.POST("/api/v1/work-orders/{id}/resume", { ...path, body: body as ActionBody["resume"] }));
    case "reschedule":
      return must(api.POST("/api/v1/work-orders/{id}/reschedule", { ...path, body: body as ActionBody["reschedule"] }));
    case "cancel":
      return must(api.POST("/api/v1/work-orders/{id}/cancel", { ...path, body: body as ActionBody["cancel"] }));
    default:
      return must(api.POST("/api/v1/work-orders/{id}/close", { ...path, body: body as ActionBody["close"] }));
  }
}

export async function createOrder(body: Schemas["CreateWorkOrder"]): Promise<Order> {
  return must(api.POST("/api/v1/work-orders", { body }));
}

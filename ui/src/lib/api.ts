// The API client: typed by the server's OpenAPI document (schema.d.ts, generated at build), so a
// change of the API breaks the type check, not a screen. Cookie sessions: writes carry the CSRF token.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "../api/schema";

export type Schemas = components["schemas"];

// Set by the session once signed in; sent with every write.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// Called when the server says the session is gone (401), so the app can show the sign-in page.
let onUnauthenticated: (() => void) | null = null;
export function whenUnauthenticated(f: () => void): void {
  onUnauthenticated = f;
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD" && csrfToken) request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith("/api/v1/session")) onUnauthenticated?.();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "", credentials: "same-origin" });
api.use(session);

// The server's error body: {"error": {"code", "message", "field"}}.
export interface ApiError {
  code: string;
  message: string;
  field?: string | null;
}

export function errorOf(body: unknown, status?: number): ApiError {
  const e = (body as { error?: ApiError } | undefined)?.error;
  if (e && typeof e.message === "string") return e;
  return { code: "network", message: status ? `HTTP ${status}` : "no answer from the server" };
}

// Unwraps an openapi-fetch result: the data, or throws the server's error.
export async function must<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const r = await p;
  if (r.error !== undefined || !r.response.ok) throw new ApiFailure(errorOf(r.error, r.response.status), r.response.status);
  return r.data as T;
}

export class ApiFailure extends Error {
  constructor(
    readonly error: ApiError,
    readonly status: number,
  ) {
    super(error.message);
  }
}

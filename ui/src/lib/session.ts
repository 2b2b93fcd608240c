// Who is signed in. The session itself is an HttpOnly cookie the page cannot read; the server tells
// the user, role, permissions and CSRF token (GET /api/v1/session), and what a role may not do is not offered.
import { signal, computed } from "@preact/signals";
import { ApiFailure, errorOf, setCsrfToken, whenUnauthenticated } from "./api";

export interface Session {
  user: string;
  role: string;
  permissions: string[];
  csrf_token: string;
  expires_at: string;
}

export const session = signal<Session | null>(null);
export const sessionChecked = signal(false);

function csrfHeader(): Record<string, string> {
  return session.value ? { "X-CSRF-Token": session.value.csrf_token } : {};
}

function adopt(s: Session | null): void {
  session.value = s;
  setCsrfToken(s?.csrf_token ?? null);
}

whenUnauthenticated(() => adopt(null));

export async function loadSession(): Promise<void> {
  try {
    // TODO(session routes): the typed client once POST/GET/DELETE /api/v1/session are in the document.
    const r = await fetch("/api/v1/session", { credentials: "same-origin" });
    adopt(r.ok ? ((await r.json()) as Session) : null);
  } finally {
    sessionChecked.value = true;
  }
}

export async function signIn(user: string, token: string): Promise<void> {
  const r = await fetch("/api/v1/session", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user, token }),
  });
  const body: unknown = await r.json().catch(() => null);
  if (!r.ok) throw new ApiFailure(errorOf(body, r.status), r.status);
  adopt(body as Session);
}

export async function signOut(): Promise<void> {
  await fetch("/api/v1/session", { method: "DELETE", credentials: "same-origin", headers: csrfHeader() });
  adopt(null);
}

// Permission names as the server spells them (plant::PermissionName).
export type Permission =
  | "read_resources"
  | "write_workforce"
  | "write_master_data"
  | "write_inventory"
  | "control_inventory"
  | "plan_production"
  | "execute_production"
  | "record_machine_data"
  | "read_journal"
  | "manage_users";

export function can(p: Permission): boolean {
  return session.value?.permissions.includes(p) ?? false;
}

export const signedIn = computed(() => session.value !== null);

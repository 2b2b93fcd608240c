// Who is signed in. The session itself is an HttpOnly cookie the page cannot read; the server tells
// the user, role, permissions and CSRF token (GET /api/v1/session), and what a role may not do is not offered.
import { signal, computed } from "@preact/signals";
import { api, must, setCsrfToken, whenUnauthenticated, type Schemas } from "./api";

// As the server's document says (GET/POST /api/v1/session).
export type Session = Schemas["Session"];
// Permission names as the server spells them (plant::kPermissionNames).
export type Permission = Session["permissions"][number];

export const session = signal<Session | null>(null);
export const sessionChecked = signal(false);

function adopt(s: Session | null): void {
  session.value = s;
  setCsrfToken(s?.csrf_token ?? null);
}

whenUnauthenticated(() => adopt(null));

export async function loadSession(): Promise<void> {
  try {
    const { data } = await api.GET("/api/v1/session");
    adopt(data ?? null);
  } finally {
    sessionChecked.value = true;
  }
}

export async function signIn(user: string, token: string): Promise<void> {
  adopt(await must(api.POST("/api/v1/session", { body: { user, token } })));
}

// The session's X-CSRF-Token goes with the DELETE (api.ts); signed out here even if the server is gone.
export async function signOut(): Promise<void> {
  try {
    await api.DELETE("/api/v1/session");
  } finally {
    adopt(null);
  }
}

export function can(p: Permission): boolean {
  return session.value?.permissions.includes(p) ?? false;
}

export const signedIn = computed(() => session.value !== null);

// Small shared pieces of the screens.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiFailure } from "./api";
import { tc } from "./catalogue";

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiFailure ? error.error.message : error instanceof Error ? error.message : String(error);
  const field = error instanceof ApiFailure ? error.error.field : null;
  return (
    <div class="banner error" role="alert">
      {text}
      {field ? <span class="field"> ({field})</span> : null}
    </div>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      {tc("loading")}
    </p>
  );
}

export function Page({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Takt`;
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-head">
        <h1 id="page-title">{title}</h1>
        {actions ? <div class="actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

// Loads once per change of `deps`; `reload` runs it again. The screen shows `error` or `data`.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; reload: () => void } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return { data, error, reload: () => setRound((r) => r + 1) };
}

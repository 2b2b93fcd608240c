// The live stream of a node of the equipment hierarchy (GET /api/v1/live, server-sent events, sent
// with the session cookie). EventSource reconnects by itself after a network error; after an HTTP
// error it gives up, so then the stream is opened again 3 s later. `connected` says whether it is up.
import { signal, type Signal } from "@preact/signals";
import type { Schemas } from "./api";

export type LiveState = Schemas["LiveState"];
export type LiveKpi = Schemas["LiveKpi"];
export type LiveStopClassified = Schemas["LiveStopClassified"];
export type LiveOperation = Schemas["LiveOperation"];

export interface LiveHandlers {
  state?: (e: LiveState) => void;
  kpi?: (e: LiveKpi) => void;
  stop_classified?: (e: LiveStopClassified) => void;
  operation?: (e: LiveOperation) => void;
}

export interface LiveConnection {
  connected: Signal<boolean>;
  close(): void;
}

export function openLive(equipment: string, handlers: LiveHandlers): LiveConnection {
  const connected = signal(false);
  let source: EventSource;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const open = () => {
    source = new EventSource(`/api/v1/live?equipment=${encodeURIComponent(equipment)}`);
    source.onopen = () => (connected.value = true);
    source.onerror = () => {
      connected.value = false;
      if (source.readyState === EventSource.CLOSED && !closed) retry = setTimeout(open, 3000);
    };
    for (const [name, handler] of Object.entries(handlers)) {
      source.addEventListener(name, (m) => (handler as (e: unknown) => void)(JSON.parse((m as MessageEvent<string>).data)));
    }
  };
  open();
  return {
    connected,
    close: () => {
      closed = true;
      clearTimeout(retry);
      source.close();
    },
  };
}

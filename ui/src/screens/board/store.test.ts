// The board's store against a stand-in server: the snapshot first, live events after it (those that
// come before wait for it), and the snapshot again after the stream was down.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AreaNode } from "./model";

class FakeSource {
  static readonly CLOSED = 2;
  static all: FakeSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (m: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(name: string, f: (m: { data: string }) => void) {
    this.listeners.set(name, f);
  }
  close() {}
  send(name: string, data: unknown) {
    this.listeners.get(name)!({ data: JSON.stringify(data) });
  }
}

const tree: AreaNode[] = [
  { id: "A", description: "", centers: [{ id: "WC", description: "", units: [{ id: "U1", description: "" }] }] },
];

// What the stand-in server answers, by path; `state` is U1's current state.
let state = { state: "idle", since: "2026-12-03T08:00:00Z" };
let snapshots = 0;
function answer(url: URL): unknown {
  switch (url.pathname) {
    case "/api/v1/machine-states":
      snapshots++;
      return { equipment: "SITE", units: [{ work_unit: "U1", state_model: "M", ...state, machine_code: null }] };
    case "/api/v1/state-models":
      return {
        items: [
          {
            id: "M",
            states: [
              { code: "running", element: "APT" },
              { code: "idle", element: "ADOT" },
            ],
          },
        ],
      };
    case "/api/v1/work-orders":
      return { items: [], next_after: null };
    case "/api/v1/stops":
      return { equipment: "SITE", stops: [] };
    default:
      return undefined; // the KPIs: not this test's subject
  }
}

describe("the board's store", () => {
  beforeEach(() => {
    FakeSource.all = [];
    snapshots = 0;
    state = { state: "idle", since: "2026-12-03T08:00:00Z" };
    vi.stubGlobal("EventSource", FakeSource);
    vi.stubGlobal("location", { origin: "http://board.test" });
    vi.stubGlobal(
      "fetch",
      vi.fn(async (req: Request) => {
        const body = answer(new URL(req.url));
        const json = { "Content-Type": "application/json" };
        if (body === undefined)
          return new Response('{"error":{"code":"not_found","message":"no"}}', { status: 404, headers: json });
        return new Response(JSON.stringify(body), { status: 200, headers: json });
      }),
    );
    vi.resetModules();
  });
  afterEach(() => vi.unstubAllGlobals());

  it("applies live states after its snapshot, never an older one, and loads again after the stream was down", async () => {
    const { BoardStore } = await import("./store");
    const store = new BoardStore("SITE", tree);
    store.start();
    const source = FakeSource.all[0]!;
    source.onopen!();
    // A state that came before the snapshot waits for it, then applies (it is newer).
    source.send("state", { work_unit: "U1", time: "2026-12-03T09:00:00Z", state: "running", machine_code: null });
    expect(store.states.get("U1")!.value.state).toBe("no_data");
    await vi.waitFor(() => expect(store.loaded.value).toBe(true));
    expect(store.states.get("U1")!.value).toMatchObject({ state: "running", element: "APT", since: "2026-12-03T09:00:00Z" });
    // A late reading changes history, not what the unit does now.
    source.send("state", { work_unit: "U1", time: "2026-12-03T08:30:00Z", state: "idle", machine_code: null });
    expect(store.states.get("U1")!.value.state).toBe("running");
    // An idle stop now waits for a reason; its classification clears it.
    source.send("state", { work_unit: "U1", time: "2026-12-03T10:00:00Z", state: "idle", machine_code: null });
    expect(store.waiting.value).toEqual([{ unit: "U1", start: "2026-12-03T10:00:00Z", end: null, state: "idle" }]);
    source.send("stop_classified", { work_unit: "U1", start: "2026-12-03T10:00:00.000Z", reason: "JAM", comment: "" });
    expect(store.waiting.value).toEqual([]);

    // The stream goes down; meanwhile the unit ran again. Back up, the board loads what it missed.
    source.onerror!();
    expect(store.connected.value).toBe(false);
    state = { state: "running", since: "2026-12-03T11:00:00Z" };
    const before = snapshots;
    source.onopen!();
    await vi.waitFor(() => expect(store.states.get("U1")!.value.since).toBe("2026-12-03T11:00:00Z"));
    expect(snapshots).toBe(before + 1);
    store.stop();
  });
});

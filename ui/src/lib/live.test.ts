import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openLive } from "./live";

// A stand-in for the browser's EventSource: the test opens, fails and feeds it.
class FakeSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static all: FakeSource[] = [];
  readyState = FakeSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (m: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(name: string, f: (m: { data: string }) => void) {
    this.listeners.set(name, f);
  }
  close() {
    this.readyState = FakeSource.CLOSED;
  }
  open() {
    this.readyState = FakeSource.OPEN;
    this.onopen?.();
  }
  fail(closed: boolean) {
    this.readyState = closed ? FakeSource.CLOSED : FakeSource.CONNECTING;
    this.onerror?.();
  }
  send(name: string, data: unknown) {
    this.listeners.get(name)?.({ data: JSON.stringify(data) });
  }
}

describe("the live stream", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSource.all = [];
    vi.stubGlobal("EventSource", FakeSource);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("says whether it is up, and hands each event's data to its handler", () => {
    const ops: unknown[] = [];
    const live = openLive("LYON SITE", { operation: (e) => ops.push(e) });
    const source = FakeSource.all[0]!;
    expect(source.url).toBe("/api/v1/live?equipment=LYON%20SITE");
    expect(live.connected.value).toBe(false);
    source.open();
    expect(live.connected.value).toBe(true);
    source.send("operation", { order: "WO-1" });
    expect(ops).toEqual([{ order: "WO-1" }]);
    source.fail(false); // the browser reconnects by itself
    expect(live.connected.value).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(FakeSource.all).toHaveLength(1);
    source.open();
    expect(live.connected.value).toBe(true);
  });

  it("opens a new stream 3 s after the browser gave one up, until closed", () => {
    const live = openLive("LYON", {});
    FakeSource.all[0]!.fail(true);
    expect(live.connected.value).toBe(false);
    vi.advanceTimersByTime(2999);
    expect(FakeSource.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSource.all).toHaveLength(2);
    FakeSource.all[1]!.open();
    expect(live.connected.value).toBe(true);
    FakeSource.all[1]!.fail(true);
    live.close();
    vi.advanceTimersByTime(10_000);
    expect(FakeSource.all).toHaveLength(2);
    expect(FakeSource.all[1]!.readyState).toBe(FakeSource.CLOSED);
  });
});

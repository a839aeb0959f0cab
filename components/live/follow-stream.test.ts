import { describe, expect, it } from "vitest";
import { FIRST_DELAY_MS, followStream, MAX_DELAY_MS, type StreamLike } from "./follow-stream";

// A fake EventSource and clock: what the browser does after a network error (retries itself,
// readyState CONNECTING) and after an HTTP error (gives up, readyState CLOSED).
class FakeSource implements StreamLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  closed = false;
  listeners = new Map<string, () => void>();
  addEventListener(type: string, fn: () => void) {
    this.listeners.set(type, fn);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  opens() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  fails(http: boolean) {
    this.readyState = http ? 2 : 0;
    this.onerror?.(new Event("error"));
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const timers: { fn: () => void; ms: number; done: boolean }[] = [];
  const seen = { changes: 0, reopens: 0 };
  const stop = followStream({
    url: "/api/v1/stream",
    types: ["paused"],
    onChange: () => seen.changes++,
    onReopen: () => seen.reopens++,
    open: () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    },
    schedule: (fn, ms) => {
      const t = { fn, ms, done: false };
      timers.push(t);
      return t;
    },
    cancel: (t) => void ((t as { done: boolean }).done = true),
  });
  const runTimers = () => {
    for (const t of timers.filter((t) => !t.done)) {
      t.done = true;
      t.fn();
    }
  };
  return { sources, timers, seen, stop, runTimers };
}

describe("followStream", () => {
  it("leaves a network error to EventSource's own retry", () => {
    const h = harness();
    h.sources[0].opens();
    h.sources[0].fails(false);
    expect(h.timers).toHaveLength(0);
    expect(h.sources).toHaveLength(1);
  });

  it("opens a new stream after an HTTP error (a 503 in an outage), and has the page re-read its state", () => {
    const h = harness();
    h.sources[0].opens();
    h.sources[0].fails(true); // e.g. 400 invalid_last_event_id after a database restore
    expect(h.timers.map((t) => t.ms)).toEqual([FIRST_DELAY_MS]);
    h.runTimers();
    expect(h.sources).toHaveLength(2);
    expect(h.seen.reopens).toBe(0); // not before the new stream is open
    h.sources[1].opens();
    expect(h.seen.reopens).toBe(1);
    h.sources[1].listeners.get("paused")!();
    expect(h.seen.changes).toBe(1);
  });

  it("backs off while the server keeps refusing, up to 30 s, and starts again after an open", () => {
    const h = harness();
    for (let i = 0; i < 8; i++) {
      h.sources.at(-1)!.fails(true);
      h.runTimers();
    }
    expect(h.timers.map((t) => t.ms)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS]);
    h.sources.at(-1)!.opens();
    h.sources.at(-1)!.fails(true);
    expect(h.timers.at(-1)!.ms).toBe(FIRST_DELAY_MS);
  });

  it("stops for good when the page goes away, a pending reopen included", () => {
    const h = harness();
    h.sources[0].fails(true);
    h.stop();
    expect(h.sources[0].closed).toBe(true);
    expect(h.timers[0].done).toBe(true);
    h.timers[0].fn(); // even if the timer fired anyway
    expect(h.sources).toHaveLength(1);
  });
});

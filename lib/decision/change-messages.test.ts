import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import {
  ChangeFeed,
  changeFeed,
  commitChange,
  isChangeMessage,
  PROVISIONAL_AFTER_MS,
  recordChange,
  type ChangeMessage,
  type ChangeTransport,
  type StateChangeEvent,
} from "../data/change-feed";
import { pauseFeature } from "../use-cases/pause";
import { resumeFeature } from "../use-cases/resume";
import { givenFeature } from "../testing/fixtures";
import { forwardChanges } from "./supervisor";

// One way to publish a change: the app's process sends its decision listener one message per
// change (the change itself), and the listener's feed applies each change once, by its id,
// whichever of the message and the poll (or NOTIFY) brings it first. Here the listener's feed is a
// second ChangeFeed in this process, polled only when the test says, and the IPC channel is a
// function that hands it each message (cloned, as IPC would).

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A transport that never wakes the feed by itself: only `catchUp` (the poll) and `receive` deliver. */
const quiet: ChangeTransport = { start: () => () => {}, announce: () => {} };

/** The listener's feed, started at the newest change, counting how often each change is applied. */
async function listenerFeed() {
  await changeFeed().catchUp(); // the app's feed is at the newest change too
  const feed = new ChangeFeed(quiet);
  closers.push(() => feed.close());
  const applied = new Map<string, number>();
  const order: number[] = [];
  feed.subscribe((e) => {
    const id = e.provisional ? `provisional:${e.featureKey}:${e.at}` : String(e.id);
    applied.set(id, (applied.get(id) ?? 0) + 1);
    if (!e.provisional) order.push(e.id);
  });
  await feed.start();
  return { feed, applied, order };
}

/** Forwards the app's changes as messages, as the supervisor does to the listener's process. */
function forwardTo(feed: ChangeFeed) {
  const messages: ChangeMessage[] = [];
  const child = {
    connected: true,
    send: (m: unknown, cb?: (e: Error | null) => void) => {
      const copy = structuredClone(m);
      if (isChangeMessage(copy)) {
        messages.push(copy);
        void feed.receive(copy.change);
      }
      cb?.(null);
      return true;
    },
  } as unknown as ChildProcess;
  closers.push(forwardChanges(changeFeed(), () => child));
  return messages;
}

/** A stored change made in the app's process, as its feed dispatched it (with the id before it). */
async function storedChange(key: string, type: "feature_changed" | "threshold_changed" = "threshold_changed"): Promise<StateChangeEvent> {
  let seen: StateChangeEvent | null = null;
  const unsubscribe = changeFeed().subscribe((e) => {
    if (e.featureKey === key && !e.provisional) seen = e;
  });
  try {
    await commitChange((tx) => recordChange(tx, { featureKey: key, type, payload: { n: Math.random() } }));
  } finally {
    unsubscribe();
  }
  if (!seen) throw new Error("the app's feed did not dispatch the change");
  return seen;
}

describe("one message per change to the decision listener, applied once by its id", () => {
  it("a pause made in the app reaches the listener as one message carrying the stored change, applied once even when the poll brings it again", async () => {
    await givenFeature("one-message-pause", "full");
    const listener = await listenerFeed();
    const messages = forwardTo(listener.feed);

    const began = performance.now();
    const paused = await pauseFeature({ key: "one-message-pause", reason: "one message", actor: "test" });
    const storedWithin = performance.now() - began;
    await listener.feed.catchUp(); // the poll (or NOTIFY) brings the same row again
    await listener.feed.catchUp();

    const aboutIt = messages.filter((m) => m.change.featureKey === "one-message-pause");
    const stored = aboutIt.filter((m) => !m.change.provisional);
    expect(stored).toHaveLength(1); // not a pause over one protocol and a wake over another
    expect(stored[0].change).toMatchObject({ id: paused.changeId, type: "paused", payload: { reason: "one message" } });
    expect(listener.applied.get(String(paused.changeId))).toBe(1);
    // the pause in memory is sent too only when storing it took longer than PROVISIONAL_AFTER_MS
    const provisional = aboutIt.filter((m) => m.change.provisional);
    if (storedWithin < PROVISIONAL_AFTER_MS) expect(provisional).toEqual([]);
    else expect(provisional.length).toBeLessThanOrEqual(1);
    for (const [id, n] of listener.applied) if (id.startsWith("provisional:")) expect(n).toBe(1);

    const resumed = await resumeFeature({ key: "one-message-pause", reason: "done", actor: "test" });
    await listener.feed.catchUp();
    const storedIds = messages.filter((m) => m.change.featureKey === "one-message-pause" && !m.change.provisional).map((m) => m.change.id);
    expect(storedIds).toEqual([paused.changeId, resumed.changeId]);
    expect(listener.applied.get(String(resumed.changeId))).toBe(1);
  });

  it("a change delivered twice — message then poll, or poll then message — is applied once", async () => {
    const listener = await listenerFeed();

    const first = await storedChange("twice");
    await listener.feed.receive(first);
    await listener.feed.catchUp();
    await listener.feed.receive(first);

    const second = await storedChange("twice");
    await listener.feed.catchUp();
    await listener.feed.receive(second);
    await listener.feed.receive(second);

    expect(listener.applied.get(String(first.id))).toBe(1);
    expect(listener.applied.get(String(second.id))).toBe(1);
    expect(listener.order).toEqual([first.id, second.id]);
    expect(listener.feed.applied).toBe(2);
  });

  it("a listener behind the app (a message lost) reads the table: both changes, in order, once each", async () => {
    const listener = await listenerFeed();
    const lost = await storedChange("behind");
    const next = await storedChange("behind");
    expect(next.after).toBe(lost.id);

    await listener.feed.receive(next); // the message of `lost` never came
    await listener.feed.receive(lost); // …or came late
    await listener.feed.catchUp();

    expect(listener.order).toEqual([lost.id, next.id]);
    expect(listener.applied.get(String(lost.id))).toBe(1);
    expect(listener.applied.get(String(next.id))).toBe(1);
  });
});

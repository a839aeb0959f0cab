// The browser's side of the state stream, kept alive. EventSource reconnects by itself after a
// network error, but not after an HTTP error: a 503 while the database is away, or a 400 for a
// Last-Event-ID beyond the newest change (a restored database), leaves it CLOSED for good and the
// open page would never hear a pause again. Then a new EventSource is opened after a growing delay
// — without Last-Event-ID, so a restored database is read afresh — and the page is told to re-read
// its state once the new stream is open (what happened while it was closed is not replayed).

export interface StreamLike {
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onerror: ((ev: Event) => void) | null;
  addEventListener(type: string, fn: () => void): void;
  close(): void;
}

export interface FollowOptions {
  url: string;
  types: readonly string[];
  /** a change of one of `types` arrived */
  onChange: () => void;
  /** a closed stream was opened again: state may have changed meanwhile */
  onReopen: () => void;
  open?: (url: string) => StreamLike;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
}

const CLOSED = 2;
/** First delay before reopening a closed stream; doubles up to MAX_DELAY_MS. */
export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 30_000;

/** Follows the stream until the returned stop function is called. */
export function followStream(o: FollowOptions): () => void {
  const open = o.open ?? ((url: string) => new EventSource(url) as unknown as StreamLike);
  const schedule = o.schedule ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const cancel = o.cancel ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let delay = FIRST_DELAY_MS;
  let stopped = false;
  let timer: unknown = null;
  let source: StreamLike;
  const connect = (reopened: boolean) => {
    source = open(o.url);
    for (const t of o.types) source.addEventListener(t, o.onChange);
    source.onopen = () => {
      delay = FIRST_DELAY_MS;
      if (reopened) o.onReopen();
      reopened = false;
    };
    source.onerror = () => {
      if (stopped || source.readyState !== CLOSED) return; // a network error: EventSource retries itself
      timer = schedule(() => {
        timer = null;
        if (!stopped) connect(true);
      }, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    };
  };
  connect(false);
  return () => {
    stopped = true;
    if (timer !== null) cancel(timer);
    source.close();
  };
}

// A minimal Server-Sent Events subscriber that timestamps every event on arrival.

export interface StreamEvent {
  type: string;
  feature?: string;
  [k: string]: unknown;
}

export async function subscribe(url: string, key: string) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept: "text/event-stream" }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
  const waiters: { match: (e: StreamEvent) => boolean; resolve: (at: number) => void }[] = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split("\n").find((l) => l.startsWith("data: "));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as StreamEvent;
          for (const w of [...waiters]) {
            if (w.match(event)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(at);
            }
          }
        }
      }
    } catch {
      // closed
    }
  })();
  return {
    /** resolves with the arrival time (performance.now()) of the next matching event */
    next: (match: (e: StreamEvent) => boolean) => new Promise<number>((resolve) => waiters.push({ match, resolve })),
    close: () => controller.abort(),
  };
}

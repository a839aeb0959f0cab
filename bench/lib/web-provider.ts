import { OFREPWebProvider } from "@openfeature/ofrep-web-provider";
import { OpenFeature } from "@openfeature/web-sdk";
import { EventSource } from "eventsource";
import { summary } from "./measure";

// pause → the official web provider's value flips: @openfeature/web-sdk + ofrep-web-provider with
// default options (it hears the pause only through the OFREP event stream, ADR-0008), against the
// decision listener, timed from the pause request's return.

(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;

export async function webProviderKillSwitch(decisionUrl: string, appUrl: string, key: string, trials: number) {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  await OpenFeature.setProviderAndWait(
    "bench-web",
    new OFREPWebProvider({ baseUrl: decisionUrl, headers: [["Authorization", `Bearer ${key}`]] }),
  );
  await OpenFeature.setContext("bench-web", { targetingKey: "bench-browser" });
  const client = OpenFeature.getClient("bench-web");
  const reason = () => client.getBooleanDetails("meeting-summary", false).reason;
  const until = async (want: (r: string | undefined) => boolean) => {
    const deadline = performance.now() + 10_000;
    while (!want(reason())) {
      if (performance.now() > deadline) throw new Error("the web provider did not follow within 10 s");
      await new Promise((r) => setTimeout(r, 2));
    }
    return performance.now();
  };
  const flips: number[] = [];
  try {
    for (let i = 0; i < trials; i++) {
      const res = await fetch(`${appUrl}/api/v1/features/meeting-summary/pause`, {
        method: "POST",
        headers,
        body: JSON.stringify({ reason: `bench web ${i}` }),
      });
      const returned = performance.now();
      if (res.status !== 200) throw new Error(`pause ${res.status} ${await res.text()}`);
      flips.push((await until((r) => r === "DISABLED")) - returned);
      await fetch(`${appUrl}/api/v1/features/meeting-summary/resume`, {
        method: "POST",
        headers,
        body: JSON.stringify({ reason: "bench web" }),
      });
      await until((r) => r !== "DISABLED");
    }
  } finally {
    await OpenFeature.close();
  }
  return summary(flips);
}

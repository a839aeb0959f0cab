import { afterEach, describe, expect, it, vi } from "vitest";

// Throttles key on the TCP peer (x-rollguard-peer, written by the server over anything the
// client sent), and read X-Forwarded-For / X-Forwarded-Host only when ROLLGUARD_TRUST_PROXY says so.

async function load(trust: string | undefined) {
  vi.resetModules();
  if (trust === undefined) delete process.env.ROLLGUARD_TRUST_PROXY;
  else process.env.ROLLGUARD_TRUST_PROXY = trust;
  return import("./client-address");
}

afterEach(() => {
  delete process.env.ROLLGUARD_TRUST_PROXY;
});

describe("clientAddress", () => {
  it("without a trusted proxy: the peer, whatever X-Forwarded-For says", async () => {
    const { clientAddress, forwardedHost } = await load(undefined);
    const h = new Headers({ "x-rollguard-peer": "198.51.100.4", "x-forwarded-for": "1.2.3.4", "x-forwarded-host": "evil.example" });
    expect(clientAddress(h)).toBe("198.51.100.4");
    expect(forwardedHost(h)).toBeNull();
  });

  it("behind one trusted proxy: the address the proxy appended (the last entry), not the client's own claims", async () => {
    const { clientAddress, forwardedHost } = await load("1");
    const h = { "x-rollguard-peer": "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.7", "x-forwarded-host": "rollguard.example.com" };
    expect(clientAddress(h)).toBe("203.0.113.7");
    expect(forwardedHost(h)).toBe("rollguard.example.com");
  });

  it("two hops: the second entry from the right", async () => {
    const { clientAddress } = await load("2");
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.9" }))).toBe("203.0.113.7");
  });
});

describe("appOrigin (the integration snippets' URLs)", () => {
  afterEach(() => {
    delete process.env.ROLLGUARD_PUBLIC_URL;
  });

  it("is the request's host, over http, without a trusted proxy (forwarded headers ignored)", async () => {
    const { appOrigin } = await load(undefined);
    expect(appOrigin(new Headers({ host: "127.0.0.1:3800", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }))).toBe(
      "http://127.0.0.1:3800",
    );
  });

  it("behind a trusted proxy: the forwarded host and scheme; ROLLGUARD_PUBLIC_URL wins over both", async () => {
    const { appOrigin } = await load("1");
    expect(appOrigin({ host: "10.0.0.2:3000", "x-forwarded-host": "rollguard.example.com", "x-forwarded-proto": "https" })).toBe(
      "https://rollguard.example.com",
    );
    process.env.ROLLGUARD_PUBLIC_URL = "https://guard.example.org/app";
    const again = await load("1");
    expect(again.appOrigin({ host: "10.0.0.2:3000" })).toBe("https://guard.example.org");
  });
});

import { describe, expect, it } from "vitest";
import { isPrivateAddress, privateHostReason } from "./private-address";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "[::1]",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::5",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::",
  ])("%s is internal", (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "169.255.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::200e"])(
    "%s is public",
    (ip) => expect(isPrivateAddress(ip)).toBe(false),
  );

  it("a string that is not an address is not a place to post to", () => {
    expect(isPrivateAddress("example.com")).toBe(true);
  });
});

describe("privateHostReason", () => {
  it.each([
    "localhost",
    "LOCALHOST.",
    "api.localhost",
    "metadata.google.internal",
    "printer.local",
    "[::1]",
    "169.254.169.254",
    "127.0.0.1",
  ])("refuses %s before any lookup", (host) => expect(privateHostReason(host)).not.toBeNull());

  it.each(["hooks.slack.com", "example.com", "8.8.8.8", "[2606:4700::1111]"])("leaves %s to the send-time lookup", (host) =>
    expect(privateHostReason(host)).toBeNull(),
  );

  it("an IPv4 address written as one number is normalised by the URL parser first", () => {
    expect(privateHostReason(new URL("http://2130706433:8080/x").hostname)).toMatch(/127\.0\.0\.1/);
    expect(privateHostReason(new URL("http://0x7f.1/x").hostname)).toMatch(/127\.0\.0\.1/);
  });
});

import { isIP } from "node:net";

// Which webhook destinations are inside the network Rollguard runs in: loopback, private ranges,
// link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, multicast,
// reserved and unspecified addresses, IPv4 written inside IPv6, and names that mean this machine
// or an internal zone. A channel must not reach these unless the operator allows it
// (ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS=1): an admin could otherwise scan internal ports through the
// delivery log, or read a metadata service. Pure: no DNS here (lib/data/webhook-transport.ts
// resolves and asks this about every answer).

const V4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const v4ToInt = (ip: string) => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);

function blockedV4(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4ToInt(base) / 2 ** (32 - bits)));
}

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail expanded), or null. */
function v6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase().split("%")[0];
  const v4 = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const n = v4ToInt(v4[1]);
    text = text.slice(0, -v4[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const a = head ? head.split(":") : [];
  const b = tail === null ? [] : tail ? tail.split(":") : [];
  const fill = tail === null ? 0 : 8 - a.length - b.length;
  const groups = [...a, ...Array(Math.max(0, fill)).fill("0"), ...b].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function blockedV6(ip: string): boolean {
  const g = v6Groups(ip);
  if (!g) return true; // unreadable: not a place to post to
  const embedded = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return blockedV4(embedded(g[6], g[7])); // ::ffff:a.b.c.d
  if (g.slice(0, 6).every((x) => x === 0)) return true; // ::, ::1, ::a.b.c.d (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b) return blockedV4(embedded(g[6], g[7])); // NAT64
  if ((g[0] & 0xfe00) === 0xfc00) return true; // unique local fc00::/7 (fd00:ec2::254 included)
  if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local
  if ((g[0] & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x2002) return blockedV4(embedded(g[1], g[2])); // 6to4
  return false;
}

/** True for an IP address that is not a public unicast address. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip.replace(/^\[|\]$/g, ""));
  if (family === 4) return blockedV4(ip);
  if (family === 6) return blockedV6(ip.replace(/^\[|\]$/g, ""));
  return true;
}

const LOCAL_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback|metadata|metadata\.google\.internal|instance-data)$/;
const LOCAL_SUFFIXES = /\.(localhost|local|internal|localdomain|home\.arpa)$/;

/**
 * Why a webhook URL's host is refused before any DNS lookup (an internal IP written in the URL, or
 * a name that means this machine or an internal zone), or null. Names are checked again, resolved,
 * when a delivery is sent.
 */
export function privateHostReason(hostname: string): string | null {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (isIP(host)) return isPrivateAddress(host) ? `${host} is a loopback, private, link-local or reserved address` : null;
  if (LOCAL_NAMES.test(host) || LOCAL_SUFFIXES.test(host)) return `${host} names this machine or an internal network`;
  return null;
}

/** The message for a refused destination, with the way out. */
export const PRIVATE_WEBHOOK_HELP = "Webhooks go to public addresses only; set ROLLGUARD_ALLOW_PRIVATE_WEBHOOKS=1 to allow internal ones";

// Distinct units (users, accounts) reached, per slice and day, in a sketch that merges: the units
// of a range of days are the union of the days' sketches, which sums of daily counts cannot give
// (a user seen on two days would count twice). HyperLogLog with 2^12 registers: about 1.6 % standard
// error (1.04 / √4096) at any size, 3 KiB per sketch at most; below SPARSE_MAX distinct values it
// keeps the values' hashes themselves, so small counts are exact (but for a 53-bit hash collision).
//
// Estimation is Ertl's "improved" estimator (O. Ertl, "New cardinality estimation algorithms for
// HyperLogLog sketches", 2017, algorithm 6): unbiased from a handful of values to billions, with no
// empirical bias tables and no switch between linear counting and the raw estimate.
//
// Written here rather than taken from npm: the one maintained package with a HyperLogLog
// (bloom-filters) has no sparse form and no compact byte form to store per day and merge later.

/** log2 of the number of registers */
export const HLL_PRECISION = 12;
const M = 1 << HLL_PRECISION;
/** hash bits left for the rank after the register index (53-bit hash) */
const Q = 53 - HLL_PRECISION;
/** the largest register value: Q leading zeros and then the end of the hash */
const MAX_RANK = Q + 1;
/** the sparse form holds up to this many hashes (7 bytes each), then registers take over (3 KiB) */
export const SPARSE_MAX = 400;
/** relative standard error of an estimate from registers */
export const HLL_STANDARD_ERROR = 1.04 / Math.sqrt(M);

const SPARSE = 1;
const DENSE = 2;
const DENSE_BYTES = (M * 6) / 8;
const ALPHA_INF = 1 / (2 * Math.LN2);

/**
 * A 53-bit hash of a string (cyrb53: two multiply-xor lanes over the UTF-16 code units, mixed at
 * the end). Fast enough for the decision path; the same value in every process, so sketches made
 * by ingest and by the decision API merge.
 */
export function hashUnit(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** register index (the hash's low 12 bits) and rank (1 + leading zeros of the other 41 bits) */
function registerOf(hash: number): [number, number] {
  const lo = hash % 4294967296; // low 32 bits
  const hi = Math.floor(hash / 4294967296); // high 21 bits
  const index = lo & (M - 1);
  const rest = lo >>> HLL_PRECISION; // 20 bits
  let rank: number;
  if (hi !== 0) rank = Math.clz32(hi) - 11 + 1;
  else if (rest !== 0) rank = 21 + Math.clz32(rest) - 12 + 1;
  else rank = MAX_RANK;
  return [index, rank];
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const before = z;
    z += x * y;
    y += y;
    if (z === before) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const before = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === before) return z / 3;
  }
}

export class HyperLogLog {
  /** the distinct hashes, while few */
  private hashes: Set<number> | null = new Set();
  private registers: Uint8Array | null = null;

  add(value: string): this {
    return this.addHash(hashUnit(value));
  }

  addHash(hash: number): this {
    if (this.hashes) {
      this.hashes.add(hash);
      if (this.hashes.size > SPARSE_MAX) this.densify();
    } else this.setRegister(hash);
    return this;
  }

  /** This sketch becomes the union of itself and `other` (which is left as it was). */
  merge(other: HyperLogLog): this {
    if (other.hashes) {
      for (const h of other.hashes) this.addHash(h);
      return this;
    }
    if (this.hashes) this.densify();
    const mine = this.registers!;
    const theirs = other.registers!;
    for (let i = 0; i < M; i++) if (theirs[i] > mine[i]) mine[i] = theirs[i];
    return this;
  }

  /** Exact while sparse; otherwise within about ±1.6 % (one standard error). */
  estimate(): number {
    if (this.hashes) return this.hashes.size;
    const counts = new Array<number>(MAX_RANK + 1).fill(0);
    for (const r of this.registers!) counts[r]++;
    let z = M * tau(1 - counts[MAX_RANK] / M);
    for (let k = Q; k >= 1; k--) z = 0.5 * (z + counts[k]);
    z += M * sigma(counts[0] / M);
    return Math.round((ALPHA_INF * M * M) / z);
  }

  get sparse(): boolean {
    return this.hashes !== null;
  }

  /** Sparse: [1, p, hashes as 7-byte big-endian, ascending]; dense: [2, p, 4096 registers of 6 bits]. */
  toBytes(): Uint8Array {
    if (this.hashes) {
      const sorted = [...this.hashes].sort((a, b) => a - b);
      const out = new Uint8Array(2 + sorted.length * 7);
      out[0] = SPARSE;
      out[1] = HLL_PRECISION;
      sorted.forEach((h, i) => {
        let v = h;
        for (let b = 6; b >= 0; b--) {
          out[2 + i * 7 + b] = v % 256;
          v = Math.floor(v / 256);
        }
      });
      return out;
    }
    const out = new Uint8Array(2 + DENSE_BYTES);
    out[0] = DENSE;
    out[1] = HLL_PRECISION;
    const r = this.registers!;
    for (let i = 0, o = 2; i < M; i += 4, o += 3) {
      // four 6-bit registers in three bytes
      const packed = (r[i] << 18) | (r[i + 1] << 12) | (r[i + 2] << 6) | r[i + 3];
      out[o] = packed >>> 16;
      out[o + 1] = (packed >>> 8) & 0xff;
      out[o + 2] = packed & 0xff;
    }
    return out;
  }

  /** Reads what toBytes wrote; throws on anything else (another precision, a cut-off copy). */
  static fromBytes(bytes: Uint8Array): HyperLogLog {
    const sketch = new HyperLogLog();
    if (bytes.length < 2 || bytes[1] !== HLL_PRECISION) throw new Error("not a HyperLogLog sketch of precision 12");
    if (bytes[0] === SPARSE && (bytes.length - 2) % 7 === 0) {
      for (let o = 2; o < bytes.length; o += 7) {
        let v = 0;
        for (let b = 0; b < 7; b++) v = v * 256 + bytes[o + b];
        sketch.addHash(v);
      }
      return sketch;
    }
    if (bytes[0] === DENSE && bytes.length === 2 + DENSE_BYTES) {
      const r = new Uint8Array(M);
      for (let i = 0, o = 2; i < M; i += 4, o += 3) {
        const packed = (bytes[o] << 16) | (bytes[o + 1] << 8) | bytes[o + 2];
        r[i] = (packed >>> 18) & 63;
        r[i + 1] = (packed >>> 12) & 63;
        r[i + 2] = (packed >>> 6) & 63;
        r[i + 3] = packed & 63;
        for (let k = i; k < i + 4; k++) if (r[k] > MAX_RANK) throw new Error("HyperLogLog register out of range");
      }
      sketch.hashes = null;
      sketch.registers = r;
      return sketch;
    }
    throw new Error("not a HyperLogLog sketch (unknown form or length)");
  }

  /**
   * The bytes of `stored` merged with `change`: what fromBytes(stored).merge(change).toBytes()
   * gives, but a few hundred new units into a stored dense sketch (the usual day row) update its
   * packed registers in place instead of unpacking and packing all 4096.
   */
  static mergedBytes(stored: Uint8Array, change: HyperLogLog): Uint8Array {
    if (!change.hashes || stored[0] !== DENSE || stored[1] !== HLL_PRECISION || stored.length !== 2 + DENSE_BYTES) {
      return HyperLogLog.fromBytes(stored).merge(change).toBytes();
    }
    const out = stored.slice();
    for (const hash of change.hashes) {
      const [index, rank] = registerOf(hash);
      const o = 2 + (index >>> 2) * 3;
      const shift = 18 - 6 * (index & 3);
      const packed = (out[o] << 16) | (out[o + 1] << 8) | out[o + 2];
      if (rank <= ((packed >>> shift) & 63)) continue;
      const next = (packed & ~(63 << shift)) | (rank << shift);
      out[o] = next >>> 16;
      out[o + 1] = (next >>> 8) & 0xff;
      out[o + 2] = next & 0xff;
    }
    return out;
  }

  /** The union of sketches (none: an empty one). */
  static union(sketches: Iterable<HyperLogLog>): HyperLogLog {
    const out = new HyperLogLog();
    for (const s of sketches) out.merge(s);
    return out;
  }

  private densify() {
    const hashes = this.hashes!;
    this.hashes = null;
    this.registers = new Uint8Array(M);
    for (const h of hashes) this.setRegister(h);
  }

  private setRegister(hash: number) {
    const [index, rank] = registerOf(hash);
    if (rank > this.registers![index]) this.registers![index] = rank;
  }
}

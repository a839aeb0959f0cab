import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HLL_STANDARD_ERROR, HyperLogLog, SPARSE_MAX } from "./hyperloglog";

const sketchOf = (values: Iterable<string>) => {
  const s = new HyperLogLog();
  for (const v of values) s.add(v);
  return s;
};
const units = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// fixed seeds: the error bounds are statistical, and a test must not fail one run in a thousand
const RUNS = { seed: 20261207, numRuns: 60 };

describe("HyperLogLog", () => {
  it("counts exactly while sparse: repeats count once", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: SPARSE_MAX }), (values) => {
        const s = sketchOf([...values, ...values]);
        expect(s.sparse).toBe(true);
        expect(s.estimate()).toBe(new Set(values).size);
      }),
      RUNS,
    );
    expect(new HyperLogLog().estimate()).toBe(0);
  });

  it("merge is the union: the merged sketch is the sketch of the union, sparse, dense or mixed", () => {
    const side = fc.record({ prefix: fc.constantFrom("a", "b"), from: fc.nat(3000), n: fc.nat(1500) });
    fc.assert(
      fc.property(side, side, (x, y) => {
        const a = units(x.prefix, x.from, x.from + x.n);
        const b = units(y.prefix, y.from, y.from + y.n);
        const merged = sketchOf(a).merge(sketchOf(b));
        expect(hex(merged.toBytes())).toBe(hex(sketchOf([...a, ...b]).toBytes()));
        expect(hex(sketchOf(b).merge(sketchOf(a)).toBytes())).toBe(hex(merged.toBytes()));
      }),
      { ...RUNS, numRuns: 40 },
    );
  });

  it("a sketch survives its bytes: same estimate, same merges", () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(5000), (n, k) => {
        const s = sketchOf(units("u", 0, n));
        const back = HyperLogLog.fromBytes(s.toBytes());
        expect(back.estimate()).toBe(s.estimate());
        expect(back.sparse).toBe(n <= SPARSE_MAX);
        const more = units("v", 0, k);
        expect(hex(HyperLogLog.mergedBytes(s.toBytes(), sketchOf(more)))).toBe(hex(s.merge(sketchOf(more)).toBytes()));
        expect(hex(back.merge(sketchOf(more)).toBytes())).toBe(hex(s.toBytes()));
      }),
      { ...RUNS, numRuns: 25 },
    );
    expect(sketchOf(units("u", 0, 10_000)).toBytes().length).toBe(2 + 3072);
  });

  it("refuses bytes it did not write", () => {
    expect(() => HyperLogLog.fromBytes(new Uint8Array([2, 12, 0]))).toThrow();
    expect(() => HyperLogLog.fromBytes(new Uint8Array([1, 14]))).toThrow();
    expect(() => HyperLogLog.fromBytes(new Uint8Array([1, 12, 0, 0, 0]))).toThrow();
  });

  it("estimates within the standard bound (p = 12: 1.04/√4096 ≈ 1.6 %) from hundreds to a million", () => {
    expect(HLL_STANDARD_ERROR).toBeCloseTo(0.01625, 5);
    // each estimate within 4 standard errors
    fc.assert(
      fc.property(fc.integer({ min: SPARSE_MAX + 1, max: 200_000 }), fc.string({ minLength: 1, maxLength: 6 }), (n, prefix) => {
        const e = sketchOf(units(prefix, 0, n)).estimate();
        expect(Math.abs(e - n) / n).toBeLessThan(4 * HLL_STANDARD_ERROR);
      }),
      { ...RUNS, numRuns: 30 },
    );
    // and their spread is the standard error: root mean square over 100 sketches of 5,000 and a million
    for (const n of [5_000, 1_000_000]) {
      const trials = n > 100_000 ? 4 : 100;
      let squares = 0;
      for (let t = 0; t < trials; t++) squares += ((sketchOf(units(`t${t}`, 0, n)).estimate() - n) / n) ** 2;
      const rms = Math.sqrt(squares / trials);
      expect(rms).toBeLessThan(n > 100_000 ? 2.5 * HLL_STANDARD_ERROR : 1.25 * HLL_STANDARD_ERROR);
    }
  });

  it("a range of days: the union of daily sketches counts a unit seen on several days once", () => {
    const days = [units("u", 0, 3000), units("u", 1000, 4000), units("u", 2000, 5000)];
    const range = HyperLogLog.union(days.map((d) => HyperLogLog.fromBytes(sketchOf(d).toBytes())));
    expect(Math.abs(range.estimate() - 5000) / 5000).toBeLessThan(4 * HLL_STANDARD_ERROR);
  });
});

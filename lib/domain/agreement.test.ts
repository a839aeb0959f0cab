import { describe, expect, it } from "vitest";
import { addCells, judgeAgreement, NO_CELLS } from "./agreement";

// Reference values: Cohen's κ for the worked example of Wikipedia's "Cohen's kappa" article (50
// proposals, two readers: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → p_o 0.70, p_e 0.50, κ 0.40);
// the standard error by Fleiss, Cohen & Everitt (1969), computed by hand from their formula
// (0.10972 + 0.10188 − 0.01 = 0.2016; 0.2016 / (50 · 0.25) = 0.016128; √ = 0.12700).

describe("judgeAgreement", () => {
  it("matches the reference κ, its interval, and the raw agreement with its Wilson interval", () => {
    const a = judgeAgreement({ agreeCorrect: 20, judgeSaysWrong: 5, judgeSaysCorrect: 10, agreeWrong: 15 });
    expect(a.n).toBe(50);
    expect(a.chance).toBeCloseTo(0.5, 10);
    expect(a.kappa.value).toBeCloseTo(0.4, 10);
    expect(a.kappa.se).toBeCloseTo(0.127, 4);
    expect(a.kappa.lower).toBeCloseTo(0.1511, 4);
    expect(a.kappa.upper).toBeCloseTo(0.6489, 4);
    expect(a.raw.value).toBeCloseTo(0.7, 10);
    // Wilson 35 / 50
    expect(a.raw.lower).toBeCloseTo(0.5625, 4);
    expect(a.raw.upper).toBeCloseTo(0.809, 4);
  });

  it("gives κ 1 for perfect agreement, 0 for chance-level agreement, negative below chance", () => {
    expect(judgeAgreement({ agreeCorrect: 30, agreeWrong: 20, judgeSaysWrong: 0, judgeSaysCorrect: 0 }).kappa.value).toBeCloseTo(1, 10);
    // independent raters: each says correct half the time, agreeing on half
    expect(judgeAgreement({ agreeCorrect: 25, agreeWrong: 25, judgeSaysWrong: 25, judgeSaysCorrect: 25 }).kappa.value).toBeCloseTo(0, 10);
    expect(judgeAgreement({ agreeCorrect: 5, agreeWrong: 5, judgeSaysWrong: 20, judgeSaysCorrect: 20 }).kappa.value).toBeCloseTo(-0.6, 10);
  });

  it("shows a high raw agreement with a low κ when both raters say 'correct' almost always", () => {
    const a = judgeAgreement({ agreeCorrect: 90, agreeWrong: 0, judgeSaysWrong: 5, judgeSaysCorrect: 5 });
    expect(a.raw.value).toBeCloseTo(0.9, 10);
    expect(a.kappa.value!).toBeLessThan(0);
  });

  it("says 'undefined' rather than guessing with no pairs or no variation", () => {
    expect(judgeAgreement(NO_CELLS)).toMatchObject({ n: 0, raw: { value: null }, kappa: { value: null, lower: null } });
    expect(judgeAgreement({ ...NO_CELLS, agreeCorrect: 12 })).toMatchObject({
      n: 12,
      raw: { value: 1 },
      kappa: { value: null },
      chance: 1,
    });
  });

  it("adds tables cell by cell", () => {
    expect(
      addCells(
        { agreeCorrect: 1, agreeWrong: 2, judgeSaysWrong: 3, judgeSaysCorrect: 4 },
        { agreeCorrect: 10, agreeWrong: 20, judgeSaysWrong: 30, judgeSaysCorrect: 40 },
      ),
    ).toEqual({
      agreeCorrect: 11,
      agreeWrong: 22,
      judgeSaysWrong: 33,
      judgeSaysCorrect: 44,
    });
  });
});

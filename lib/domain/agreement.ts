import { wilsonInterval } from "./stats";

// Agreement between human reviewers and a heuristic or LLM judge on the same outputs. Pure.
//
// Each output labelled by both falls in one cell of a 2 × 2 table (human verdict × judge
// verdict). Raw agreement is the share on the diagonal (Wilson interval); Cohen's κ corrects it
// for the agreement two raters with these marginals would reach by chance, with the asymptotic
// standard error of Fleiss, Cohen & Everitt (1969) for its interval.

export interface JudgeCells {
  /** both say correct */
  agreeCorrect: number;
  /** both say incorrect */
  agreeWrong: number;
  /** the human says correct, the judge incorrect */
  judgeSaysWrong: number;
  /** the human says incorrect, the judge correct */
  judgeSaysCorrect: number;
}

export const NO_CELLS: JudgeCells = { agreeCorrect: 0, agreeWrong: 0, judgeSaysWrong: 0, judgeSaysCorrect: 0 };

export function addCells(a: JudgeCells, b: JudgeCells): JudgeCells {
  return {
    agreeCorrect: a.agreeCorrect + b.agreeCorrect,
    agreeWrong: a.agreeWrong + b.agreeWrong,
    judgeSaysWrong: a.judgeSaysWrong + b.judgeSaysWrong,
    judgeSaysCorrect: a.judgeSaysCorrect + b.judgeSaysCorrect,
  };
}

export const pairsOf = (c: JudgeCells) => c.agreeCorrect + c.agreeWrong + c.judgeSaysWrong + c.judgeSaysCorrect;
export const agreementsOf = (c: JudgeCells) => c.agreeCorrect + c.agreeWrong;

export interface Agreement {
  /** outputs labelled by both */
  n: number;
  /** raw agreement (share of outputs where both say the same) with its 95 % Wilson interval */
  raw: { value: number | null; lower: number; upper: number };
  /** Cohen's κ with its 95 % interval (null when undefined: no pairs, or chance agreement is 1) */
  kappa: { value: number | null; lower: number | null; upper: number | null; se: number | null };
  /** agreement expected by chance from the two raters' marginals */
  chance: number | null;
}

const Z95 = 1.959964;

/** Raw agreement and Cohen's κ, each with a 95 % interval. */
export function judgeAgreement(c: JudgeCells, z = Z95): Agreement {
  const n = pairsOf(c);
  const [lower, upper] = wilsonInterval(agreementsOf(c), n, z);
  const raw = { value: n > 0 ? agreementsOf(c) / n : null, lower, upper };
  if (n === 0) return { n, raw, kappa: { value: null, lower: null, upper: null, se: null }, chance: null };
  // p[i][j]: human i, judge j; index 0 = correct, 1 = incorrect
  const p = [
    [c.agreeCorrect / n, c.judgeSaysWrong / n],
    [c.judgeSaysCorrect / n, c.agreeWrong / n],
  ];
  const human = [p[0][0] + p[0][1], p[1][0] + p[1][1]];
  const judge = [p[0][0] + p[1][0], p[0][1] + p[1][1]];
  const po = p[0][0] + p[1][1];
  const pe = human[0] * judge[0] + human[1] * judge[1];
  if (pe >= 1 - 1e-12) return { n, raw, kappa: { value: null, lower: null, upper: null, se: null }, chance: pe };
  const kappa = (po - pe) / (1 - pe);
  let diag = 0;
  let off = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      if (i === j) diag += p[i][i] * (1 - (human[i] + judge[i]) * (1 - kappa)) ** 2;
      else off += p[i][j] * (judge[i] + human[j]) ** 2;
    }
  }
  const variance = (diag + (1 - kappa) ** 2 * off - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2);
  const se = Math.sqrt(Math.max(0, variance));
  return { n, raw, kappa: { value: kappa, lower: Math.max(-1, kappa - z * se), upper: Math.min(1, kappa + z * se), se }, chance: pe };
}

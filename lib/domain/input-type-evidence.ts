import type { Rate } from "./stats";

// Accuracy by input type (task kind) in the current phase, judged against the phase's accuracy
// floor with the same Wilson interval the graduation criteria use: enabling the next kind of task
// is a decision on evidence. A type holds the floor when its interval's lower bound is at or
// above it, is below it when the upper bound is under it, and is undecided otherwise (or with
// fewer labels than the phase asks for).

export type InputTypeVerdict = "holds" | "below" | "insufficient";

export interface InputTypeEvidence {
  inputType: string;
  /** served by the current phase (its list names it, or the list is empty) */
  served: boolean;
  /** served by the next phase of the plan; null when there is no next phase */
  servedNext: boolean | null;
  outputs: number;
  accuracy: Rate;
  verdict: InputTypeVerdict;
}

const servedBy = (list: readonly string[], t: string) => list.length === 0 || list.includes(t);

export function inputTypeEvidence(
  slices: { slice: string; outputs: number; accuracy: Rate }[],
  phase: { inputTypes: readonly string[]; accuracyMin: number; minLabels: number },
  next: { inputTypes: readonly string[] } | null,
): InputTypeEvidence[] {
  const seen = new Map(slices.map((s) => [s.slice, s]));
  // every type the phases name, with or without data, then the ones only the data shows
  const types = [...new Set([...phase.inputTypes, ...(next?.inputTypes ?? []), ...seen.keys()])];
  return types.map((t) => {
    const s = seen.get(t);
    const accuracy = s?.accuracy ?? { value: null, n: 0, lower: 0, upper: 1 };
    const verdict: InputTypeVerdict =
      accuracy.n < phase.minLabels && accuracy.upper >= phase.accuracyMin
        ? "insufficient"
        : accuracy.lower >= phase.accuracyMin
          ? "holds"
          : accuracy.upper < phase.accuracyMin
            ? "below"
            : "insufficient";
    return {
      inputType: t,
      served: servedBy(phase.inputTypes, t),
      servedNext: next ? servedBy(next.inputTypes, t) : null,
      outputs: s?.outputs ?? 0,
      accuracy,
      verdict,
    };
  });
}

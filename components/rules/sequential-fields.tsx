"use client";

import { approxDurationText } from "@/lib/format/duration";
import { useState } from "react";
import { inputClass, labelClass } from "@/components/admin/form-styles";
import type { RuleCost } from "@/lib/domain/sequential-cost";
import { BASELINES, SIGNAL_UNITS, type SequentialParams, type SequentialSignal } from "@/lib/domain/sequential-rule";
import { percent } from "@/lib/format/numbers";

// The sequential rule's settings in the editor (budget, baseline, level, smallest change) and the
// cost table its backtest returns: what the rule costs at this feature's own traffic.

const round1 = (x: number) => Math.round(x * 10) / 10;

export function useSequentialDraft(params: SequentialParams | null) {
  const [budget, setBudget] = useState(String(params?.falseAlarmsPer30d ?? 1));
  const [baseline, setBaseline] = useState<SequentialParams["baseline"]>(params?.baseline ?? "history");
  const [level, setLevel] = useState(
    params?.level !== undefined ? String(params.level < 1 ? round1(params.level * 100) : params.level) : "",
  );
  const [shift, setShift] = useState(
    params?.shift !== undefined ? String(params.shift < 1 ? round1(params.shift * 100) : params.shift) : "",
  );
  return {
    budget,
    setBudget,
    baseline,
    setBaseline,
    level,
    setLevel,
    shift,
    setShift,
    /** the params to send: levels and shifts of shares are entered in percent */
    params(signal?: SequentialSignal): SequentialParams {
      const tickets = signal === "critical_tickets";
      const out: SequentialParams = {
        ...(params ?? { baseline: "history", falseAlarmsPer30d: 1 }),
        falseAlarmsPer30d: Number(budget),
        baseline,
      };
      if (baseline === "fixed" && level !== "") out.level = tickets ? Number(level) : Number(level) / 100;
      else delete out.level;
      if (shift !== "") out.shift = tickets ? Number(shift) : Number(shift) / 100;
      else delete out.shift;
      return out;
    },
  };
}

type Draft = ReturnType<typeof useSequentialDraft>;

export function SequentialFields({ signal, draft }: { signal: SequentialSignal; draft: Draft }) {
  const tickets = signal === "critical_tickets";
  return (
    <>
      <label className={labelClass}>
        False alarms per 30 days (this rule, all slices)
        <input
          type="number"
          required
          min={0.01}
          max={100}
          step={0.01}
          value={draft.budget}
          onChange={(e) => draft.setBudget(e.target.value)}
          className={inputClass}
        />
      </label>
      <label className={labelClass}>
        Normal is
        <select
          value={draft.baseline}
          onChange={(e) => draft.setBaseline(BASELINES.find((b) => b === e.target.value) ?? "history")}
          className={inputClass}
        >
          <option value="history">each slice&apos;s last 7 days</option>
          <option value="fixed">a fixed level</option>
          <option value="previous_phase">the same slice in the previous phase</option>
        </select>
      </label>
      {draft.baseline === "fixed" && (
        <label className={labelClass}>
          {signal === "accuracy"
            ? "Accuracy floor (%)"
            : signal === "judge"
              ? "Floor of the judge's correct share (%)"
              : signal === "estimate"
                ? "Floor of the estimated accuracy (%)"
                : signal === "thumbs_down"
                  ? "Thumbs-down ceiling (%)"
                  : signal === "confident_wrong"
                    ? "Confidently-wrong ceiling (%)"
                    : "Critical tickets per 1000 outputs"}
          <input
            type="number"
            required
            min={0.1}
            max={tickets ? 1000 : 99.9}
            step={0.1}
            value={draft.level}
            onChange={(e) => draft.setLevel(e.target.value)}
            className={inputClass}
          />
        </label>
      )}
      <label className={labelClass}>
        {tickets ? "Smallest rise that matters (× rate)" : "Smallest change that matters (points)"}
        <input
          type="number"
          min={tickets ? 1.1 : 0.5}
          max={tickets ? 100 : 50}
          step={tickets ? 0.1 : 0.5}
          placeholder={tickets ? "2" : "4"}
          value={draft.shift}
          onChange={(e) => draft.setShift(e.target.value)}
          className={inputClass}
        />
      </label>
      {signal === "estimate" && <p className="text-xs text-slate-600 sm:col-span-2 lg:col-span-5">{ESTIMATE_BLIND_SPOT}</p>}
    </>
  );
}

/** What the estimate's rule cannot see, said where the rule is made (issue 23 part 3). */
export const ESTIMATE_BLIND_SPOT =
  "Reads the outputs' confidence through a calibration map learned from random-sample labels: it sees harder inputs coming in (confidence falls) within minutes, with no label to wait for, but not a drop while confidence stays high — the model wrong and still sure. The judge's stream and the overconfidence rules catch that one.";

const minutes = (m: number | null) => (m === null ? "over a day" : approxDurationText(m));

export function RuleCostTable({ cost, signal }: { cost: RuleCost; signal: SequentialSignal }) {
  const unit = SIGNAL_UNITS[signal];
  const normal = (p: number) =>
    signal === "accuracy" || signal === "judge" || signal === "estimate"
      ? percent(1 - p)
      : signal === "critical_tickets"
        ? `${round1(p * 1000)} ‰`
        : percent(p);
  const [small, large] =
    signal === "critical_tickets" ? ["2× the ticket rate", "5× the ticket rate"] : ["a 5-point drop", "a 10-point drop"];
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white lg:col-span-3">
      <table className="cards w-full text-sm">
        <caption className="px-3 py-2 text-left font-semibold text-slate-900">
          What it costs at this feature&apos;s traffic: {round1(cost.falseAlarmsPer30d)} expected false alarms per 30 days over{" "}
          {cost.slices.length} slice
          {cost.slices.length === 1 ? "" : "s"}
        </caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {["Slice", "Traffic", "Normal", "False alarms / 30 d", `Time to notice ${small}`, `Time to notice ${large}`].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 text-left font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cost.slices.length === 0 && (
            <tr>
              <td colSpan={6} className="px-3 py-2 text-slate-600">
                No slice has enough history yet: not enough data to watch.
              </td>
            </tr>
          )}
          {cost.slices.map((s) => (
            <tr key={s.slice} className="border-t border-slate-100">
              <td className="px-3 py-2">{s.label}</td>
              <td className="px-3 py-2 tabular-nums">
                {s.perMinute >= 1 ? `${round1(s.perMinute)} ${unit}/min` : `${round1(s.perMinute * 60)} ${unit}/h`}
              </td>
              <td className="px-3 py-2 tabular-nums">{normal(s.normal)}</td>
              <td className="px-3 py-2 tabular-nums">{s.falseAlarmsPer30d.toFixed(2)}</td>
              <td className="px-3 py-2 tabular-nums">{minutes(s.delay5)}</td>
              <td className="px-3 py-2 tabular-nums">{minutes(s.delay10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

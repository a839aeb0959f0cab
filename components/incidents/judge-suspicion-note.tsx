import Link from "next/link";
import type { JudgeSuspicion } from "@/lib/domain/incidents";

// An incident's quality alert while the judge's agreement with people dropped too: both linked,
// and the warning said before anyone acts on the feature.

const link = "text-sky-800 underline underline-offset-2";

export function JudgeSuspicionNote({
  suspicion,
  incidentId,
  featureKey,
}: {
  suspicion: JudgeSuspicion;
  incidentId: string;
  featureKey: string;
}) {
  const qualityRules = [...new Set(suspicion.quality.map((a) => a.rule))];
  return (
    <section
      aria-label="Possibly the judge"
      role="note"
      className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <h2 className="text-base font-semibold">Possibly the judge, not the feature</h2>
      <p>{suspicion.detail}</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          Quality: {qualityRules.map((r) => `“${r}”`).join(", ")} — in this incident, see{" "}
          <Link className={link} href={`/features/${encodeURIComponent(featureKey)}`}>
            the feature&apos;s accuracy
          </Link>
          .
        </li>
        {suspicion.judge.map((a) => (
          <li key={a.id}>
            Judge: “{a.rule}” —{" "}
            {a.incidentId && a.incidentId !== incidentId ? (
              <Link className={link} href={`/incidents/${encodeURIComponent(a.incidentId)}`}>
                its incident
              </Link>
            ) : (
              "in this incident"
            )}
            , see{" "}
            <Link className={link} href={`/review/judge?feature=${encodeURIComponent(featureKey)}`}>
              the judge&apos;s agreement with people
            </Link>
            .
          </li>
        ))}
      </ul>
    </section>
  );
}

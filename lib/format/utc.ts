/** A moment as "2026-05-01 14:05 UTC": the same on server and browser, unambiguous in a log. */
export function formatUtc(d: Date | null | undefined): string {
  if (!d) return "—";
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

// Durations for people: minutes while they are few, hours, then days.

/** "45 min", "3.5 h", "2.1 days" (exact figures, e.g. time spent in alert). */
export function durationText(minutes: number): string {
  if (minutes < 120) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}

/** "~45 min", "~16 h", "~26 days" (estimates, e.g. an expected detection delay). */
export function approxDurationText(minutes: number): string {
  if (minutes < 120) return `~${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `~${Math.round(minutes / 60)} h`;
  return `~${Math.round(minutes / 1440)} days`;
}

/** What one pooled point covers, in words: "6 hours", "15 minutes", "a week". */
export function poolingText(minutes: number): string {
  if (minutes % 10080 === 0) return minutes === 10080 ? "a week" : `${minutes / 10080} weeks`;
  if (minutes % 1440 === 0) return minutes === 1440 ? "a day" : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? "an hour" : `${minutes / 60} hours`;
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}

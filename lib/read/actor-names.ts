import type { Tx } from "../db";
import { actorName } from "../format/kill-switch";

// Audit labels ("rule:<id>", "user:<email>") in the words a notification uses: a rule by its
// name, a person by name and email — never an id.

/** "Ana Ops (ana@example.com)", or the email when the account has no name. */
export const personName = (email: string, name: string | null | undefined) => (name?.trim() ? `${name.trim()} (${email})` : email);

/** Names for audit labels, looked up in one go (rules by id, people by email). */
export async function actorNames(tx: Tx, labels: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(labels)];
  const ruleIds = unique.filter((l) => l.startsWith("rule:")).map((l) => l.slice(5));
  const emails = unique.filter((l) => l.startsWith("user:")).map((l) => l.slice(5));
  const [rules, users] = await Promise.all([
    ruleIds.length ? tx.alertRule.findMany({ where: { id: { in: ruleIds } }, select: { id: true, name: true } }) : [],
    emails.length ? tx.user.findMany({ where: { email: { in: emails } }, select: { email: true, name: true } }) : [],
  ]);
  const ruleName = new Map(rules.map((r) => [r.id, r.name]));
  const userName = new Map(users.map((u) => [u.email, u.name]));
  return new Map(
    unique.map((l) => [
      l,
      l.startsWith("user:") ? personName(l.slice(5), userName.get(l.slice(5))) : actorName(l, ruleName.get(l.slice(5))),
    ]),
  );
}

export async function actorDisplayName(tx: Tx, label: string): Promise<string> {
  return (await actorNames(tx, [label])).get(label) ?? label;
}

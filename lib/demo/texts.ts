import { Random } from "./random";

// What the demo features were asked and answered: varied, realistic texts a reviewer can judge
// (real code for code assist). Drawn from a generator seeded by the output id, never from the
// stories' shared stream, so the demo's numbers, alerts and backtests stay exactly as they were.

/** A generator for one output's texts, the same every time for the same id. */
export function textRandom(id: string, salt = "text"): Random {
  let h = 2166136261;
  const s = `${salt}:${id}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return new Random(h || 1);
}

type Snippet = { task: string; right: string; wrong: string };

const CODE: Record<"python" | "typescript" | "sql" | "bash", Snippet[]> = {
  sql: [
    {
      task: "count orders per region, including regions without orders",
      right:
        "SELECT r.name, COUNT(o.id) AS orders\nFROM regions r\nLEFT JOIN customers c ON c.region_id = r.id\nLEFT JOIN orders o ON o.customer_id = c.id\nGROUP BY r.name;",
      wrong: "SELECT r.name, COUNT(*) AS orders\nFROM regions r, customers c, orders o\nGROUP BY r.name;",
    },
    {
      task: "list customers who never placed an order",
      right: "SELECT c.id, c.email\nFROM customers c\nWHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);",
      wrong: "SELECT c.id, c.email\nFROM customers c\nJOIN orders o ON o.customer_id <> c.id;",
    },
    {
      task: "total revenue per month for 2026",
      right:
        "SELECT date_trunc('month', paid_at) AS month, SUM(amount_cents) / 100.0 AS revenue\nFROM payments\nWHERE paid_at >= '2026-01-01' AND paid_at < '2027-01-01'\nGROUP BY 1 ORDER BY 1;",
      wrong:
        "SELECT date_trunc('month', paid_at) AS month, SUM(amount_cents) AS revenue\nFROM payments JOIN orders ON true\nWHERE paid_at >= '2026-01-01'\nGROUP BY 1;",
    },
  ],
  python: [
    {
      task: "sum the 'amount' column of a CSV file",
      right:
        "import csv\n\ndef total(path):\n    with open(path, newline='') as f:\n        return sum(float(row['amount']) for row in csv.DictReader(f))",
      wrong:
        "import csv\n\ndef total(path):\n    with open(path) as f:\n        rows = list(csv.reader(f))\n    return sum(float(r[1]) for r in rows)  # header row included",
    },
    {
      task: "retry a function up to 3 times with exponential backoff",
      right:
        "import time\n\ndef retry(fn, attempts=3, base=0.5):\n    for i in range(attempts):\n        try:\n            return fn()\n        except Exception:\n            if i == attempts - 1:\n                raise\n            time.sleep(base * 2 ** i)",
      wrong:
        "import time\n\ndef retry(fn, attempts=3, base=0.5):\n    for i in range(attempts):\n        try:\n            return fn()\n        except Exception:\n            time.sleep(base * 2 ** i)\n    # falls through and returns None",
    },
    {
      task: "group a list of events by day",
      right:
        "from collections import defaultdict\n\ndef by_day(events):\n    out = defaultdict(list)\n    for e in events:\n        out[e['at'].date()].append(e)\n    return dict(out)",
      wrong: "def by_day(events):\n    out = {}\n    for e in events:\n        out[e['at'].date()] = [e]\n    return out",
    },
  ],
  typescript: [
    {
      task: "debounce a search input",
      right:
        "export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number) {\n  let t: ReturnType<typeof setTimeout> | undefined;\n  return (...a: A) => {\n    clearTimeout(t);\n    t = setTimeout(() => fn(...a), ms);\n  };\n}",
      wrong:
        "export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number) {\n  return (...a: A) => {\n    setTimeout(() => fn(...a), ms);\n  };\n}",
    },
    {
      task: "fetch JSON with a timeout",
      right:
        "export async function getJson(url: string, ms = 5000) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(ms) });\n  if (!res.ok) throw new Error(`HTTP ${res.status}`);\n  return res.json();\n}",
      wrong:
        "export async function getJson(url: string, ms = 5000) {\n  const res = await fetch(url);\n  setTimeout(() => { throw new Error('timeout'); }, ms);\n  return res.json();\n}",
    },
  ],
  bash: [
    {
      task: "find files larger than 100 MB under the current directory",
      right: "find . -type f -size +100M -exec ls -lh {} + | sort -k5 -h",
      wrong: "find . -size +100k | xargs ls -lh",
    },
    {
      task: "delete log files older than 14 days",
      right: "find /var/log/app -name '*.log' -type f -mtime +14 -delete",
      wrong: "rm -rf /var/log/app/*.log -mtime +14",
    },
  ],
};

export type CodeInputType = keyof typeof CODE;

/** A code-assist request and its answer: real code, right or (as the story decided) wrong. */
export function codeAssistTexts(id: string, inputType: CodeInputType, correct: boolean) {
  const r = textRandom(id);
  const s = r.pick(CODE[inputType]);
  const lead = r.pick(["Write", "Give me", "I need", "Can you write"]);
  return {
    input: `${lead} ${inputType === "sql" ? "a SQL query" : inputType === "bash" ? "a shell command" : `${inputType} code`} to ${s.task}.`,
    output: correct ? s.right : s.wrong,
  };
}

const NAMES = ["Priya", "Tom", "Aiko", "Lena", "Marcus", "Sofia", "Jonas", "Amara"];
const TOPICS = [
  { topic: "Q3 planning", decision: "move the pricing launch to 14 October", item: "draft the pricing FAQ" },
  { topic: "hiring sync", decision: "open a second backend role", item: "send the job post to recruiting" },
  { topic: "customer escalation", decision: "offer Acme a two-week extension", item: "call Acme's CTO on Thursday" },
  { topic: "design review", decision: "keep the sidebar navigation", item: "prototype the empty states" },
  { topic: "sprint retro", decision: "cap work in progress at three tickets", item: "write the on-call handover checklist" },
  { topic: "budget", decision: "cut the conference budget by 20 %", item: "renegotiate the analytics contract" },
];

/** A meeting transcript's description and its summary (a wrong one misattributes or drops things). */
export function meetingTexts(
  id: string,
  inputType: string,
  minutes: number,
  participants: number,
  correct: boolean,
  topic: string,
  _extra = 0,
) {
  const r = textRandom(id);
  const m = TOPICS.find((x) => x.topic === topic) ?? r.pick(TOPICS);
  const owner = r.pick(NAMES);
  const other = r.pick(NAMES.filter((n) => n !== owner));
  const input = `Transcript (${inputType}, ${minutes} min, ${participants} participants): ${m.topic}. ${owner}: "…so we agree to ${m.decision}? I'll ${m.item}." ${other}: "Yes. Let's check back next week."`;
  const output = correct
    ? `Decision: ${m.decision}.\nAction items: ${owner} — ${m.item}.\nOpen question: none.`
    : r.chance(0.5)
      ? `Decision: ${m.decision}.\nAction items: ${other} — ${m.item}.\nOpen question: none.`
      : `Decision: none recorded.\nAction items: ${owner} — ${m.item}.\nOpen question: whether to ${m.decision}.`;
  return { input, output };
}

/** A portfolio question and the advice; wrong advice ignores the market and the client's risk profile. */
export function portfolioTexts(id: string, inputType: string, asset: string, correct: boolean) {
  const r = textRandom(id);
  const share = 5 + r.int(26);
  const risk = 2 + r.int(5);
  const input =
    inputType === "market-news"
      ? `Given today's news, should I change my ${asset} allocation? It is ${share} % of my portfolio.`
      : inputType === "rebalance"
        ? `Rebalance check: ${asset} is ${share} % of my portfolio, my risk profile is ${risk}/7. What should I do?`
        : `How risky is holding ${share} % in ${asset} with a ${risk}/7 risk profile?`;
  const step = r.pick([10, 15, 20]);
  const output = correct
    ? `Keep ${asset} within its target band (${Math.max(0, share - 5)}–${share + 5} %); your risk score stays at ${risk}/7. Review again after the next rebalancing date.`
    : `Increase ${asset} by ${step} % — volatility is low and the trend is stable.`;
  return { input, output };
}

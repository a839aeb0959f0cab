import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OUTPUT_KEYED_TABLES, TIME_KEYED_TABLES } from "./retention";

// A table added later that holds rows of an output (an "outputId" column) must be purged with its
// outputs: the purge's one list has to name it, or retention would leave orphans behind forever.

function modelsWithField(field: string): string[] {
  const schema = readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
  return [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].filter(([, , body]) => new RegExp(`^\\s+${field}\\s`, "m").test(body)).map(([, name]) => name);
}

describe("retention covers every raw table", () => {
  it("purges every model with an outputId column, with its output or by its own time", () => {
    const purged = new Set<string>([...OUTPUT_KEYED_TABLES, ...TIME_KEYED_TABLES]);
    const keyed = modelsWithField("outputId");
    expect(keyed.length).toBeGreaterThan(5);
    expect(keyed.filter((m) => !purged.has(m))).toEqual([]);
  });

  it("names only tables that exist", () => {
    const schema = readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
    for (const t of [...OUTPUT_KEYED_TABLES, ...TIME_KEYED_TABLES]) expect(schema, t).toMatch(new RegExp(`^model ${t} \\{`, "m"));
  });
});

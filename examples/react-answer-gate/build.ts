// Builds the demo page into one folder (index.html + main.js) with esbuild: no framework server.
//   npx tsx examples/react-answer-gate/build.ts OUT_DIR
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export async function buildAnswerGate(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.resolve("examples", "react-answer-gate", "main.tsx")], // run from the project root
    bundle: true,
    format: "esm",
    jsx: "automatic",
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    outfile: path.join(outDir, "main.js"),
    logLevel: "warning",
  });
  writeFileSync(
    path.join(outDir, "index.html"),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Answer gate</title></head><body><div id="root"></div><script type="module" src="/main.js"></script></body></html>',
  );
}

if (process.argv[1]?.endsWith(path.join("react-answer-gate", "build.ts"))) {
  void buildAnswerGate(process.argv[2] ?? "dist/answer-gate");
}

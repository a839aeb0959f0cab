// The admin CLI: npm run rollguard -- <command>. The scripted path for operators and tests.
import { runCommand } from "./cli/commands";

runCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);

// The admin CLI: npm run rollguard -- <command>. The scripted path for operators and tests.
import { runCommand } from "./cli/commands";
import { cliErrorMessage } from "./cli/errors";

runCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`error: ${cliErrorMessage(e)}`);
    process.exit(1);
  },
);

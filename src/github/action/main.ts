// Entry point of the GitHub Action (action.yml runs `node lib/github/action/main.js` after building).
import { runAction } from "./run.js";
import { workflowCommand } from "./workflow.js";

try {
  process.exitCode = await runAction(process.env);
} catch (error) {
  process.stdout.write(workflowCommand("error", `iam-review failed: ${error instanceof Error ? error.message : String(error)}`));
  process.exitCode = 1;
}

import { run } from "probot";
import app from "./github/app.js";
import { applySetupDefaults, productionConfigurationProblems } from "./github/startup.js";

const problems = productionConfigurationProblems(process.env);
if (problems.length > 0) {
  process.stderr.write(`iam-review cannot start in production:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(1);
}
applySetupDefaults(process.env);
await run(app);

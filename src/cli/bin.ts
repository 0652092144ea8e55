import { runCli } from "./main.js";
import { writeInSlices } from "./output.js";

// The process boundary: argv in, text out, an exit code. Everything else is in runCli so tests can call it.
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => writeInSlices((slice) => process.stdout.write(slice), text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = code;

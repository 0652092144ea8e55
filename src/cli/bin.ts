import { runCli } from "./main.js";
import { writeInSlices, type SliceSink } from "./output.js";

let sink: SliceSink | undefined;

// The process boundary: argv in, text out, an exit code. Everything else is in runCli so tests can call it.
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => writeInSlices(stdoutSink(), text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = code;

/**
 * Standard output as a sink. A reader that stops early (`iam-review scan | head`) closes the pipe: the rest of
 * the output is dropped quietly and the exit code is still the review's, as other command-line tools do.
 */
function stdoutSink(): SliceSink {
  if (!sink) {
    let closed = false;
    const waiting = new Set<() => void>();
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      closed = true;
      for (const resume of waiting) resume();
      waiting.clear();
    });
    sink = {
      write: (slice) => closed || process.stdout.write(slice),
      once: (_event, listener) => {
        if (closed) return listener();
        const resume = () => {
          waiting.delete(resume);
          listener();
        };
        waiting.add(resume);
        process.stdout.once("drain", resume);
      },
    };
  }
  return sink;
}

// Runs a command in a child process and measures its wall time and peak memory (max RSS), through a tiny
// Python wrapper: getrusage(RUSAGE_CHILDREN) is the portable way to read a child's peak RSS on Linux.
import { spawnSync } from "node:child_process";

export interface Measurement {
  seconds: number;
  peakMegabytes: number;
  exitCode: number;
  stdout: string;
}

const WRAPPER = `
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
sys.stdout.buffer.write(done.stdout)
sys.stderr.write("%f %d %d" % (elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode))
`;

export function measure(command: string[], options: { cwd?: string } = {}): Measurement {
  const result = spawnSync("python3", ["-c", WRAPPER, ...command], {
    cwd: options.cwd,
    maxBuffer: 1024 * 1024 * 1024,
    encoding: "utf8",
  });
  const [seconds, kilobytes, exitCode] = result.stderr.trim().split(" ").map(Number);
  if (!Number.isFinite(seconds)) throw new Error(`could not measure ${command.join(" ")}: ${result.stderr}`);
  return { seconds, peakMegabytes: kilobytes / 1024, exitCode, stdout: result.stdout };
}

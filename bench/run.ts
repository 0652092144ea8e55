// `npm run bench`: runs every benchmark and writes BENCHMARKS.md and docs/benchmarks-scaling.svg.
// `npm run bench -- --smoke` runs them on tiny inputs and prints the report without writing anything.
import { runBenchmarks } from "./report.js";

await runBenchmarks(process.argv.includes("--smoke"));

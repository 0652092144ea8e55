// Prints the simulator benchmark table: `npx tsx bench/run-simulator.ts [--smoke]`.

import { benchSimulator } from "./simulator.js";

const smoke = process.argv.includes("--smoke");
const results = await benchSimulator({ smoke });
const nameWidth = Math.max(...results.map((result) => result.name.length));
console.log(`${"benchmark".padEnd(nameWidth)}  ${"statements".padStart(10)}  ${"evaluations/s".padStart(14)}`);
for (const result of results) {
  console.log(
    `${result.name.padEnd(nameWidth)}  ${String(result.statements).padStart(10)}  ${result.evaluationsPerSecond.toLocaleString("en-US").padStart(14)}`,
  );
}

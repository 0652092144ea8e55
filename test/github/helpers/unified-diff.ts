// A small unified diff (3 lines of context), the shape of the `patch` GitHub lists for a pull request file.
// Test infrastructure only: quadratic LCS, meant for fixture-sized files.

export function unifiedPatch(before: string | undefined, after: string | undefined): string | undefined {
  const a = lines(before);
  const b = lines(after);
  const ops = diffOps(a, b);
  if (ops.every((op) => op.kind === "same")) return undefined;
  const hunks: string[] = [];
  const context = 3;
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === "same") {
      i++;
      continue;
    }
    let start = Math.max(0, i - context);
    let end = i;
    // Extend while changes are within 2×context of each other.
    for (let j = i; j < ops.length; j++) {
      if (ops[j].kind !== "same") end = j;
      else if (j - end > context * 2) break;
    }
    end = Math.min(ops.length - 1, end + context);
    while (start > 0 && ops[start - 1].kind !== "same") start--;
    const slice = ops.slice(start, end + 1);
    const oldStart = slice[0].a + 1;
    const newStart = slice[0].b + 1;
    const oldCount = slice.filter((op) => op.kind !== "add").length;
    const newCount = slice.filter((op) => op.kind !== "del").length;
    const body = slice.map((op) => (op.kind === "same" ? ` ${a[op.a]}` : op.kind === "del" ? `-${a[op.a]}` : `+${b[op.b]}`));
    hunks.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@\n${body.join("\n")}`);
    i = end + 1;
  }
  return hunks.join("\n");
}

function lines(text: string | undefined): string[] {
  if (text === undefined || text === "") return [];
  const split = text.split("\n");
  if (split[split.length - 1] === "") split.pop();
  return split;
}

type Op = { kind: "same" | "del" | "add"; a: number; b: number };

function diffOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: "same", a: i++, b: j++ });
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: "del", a: i++, b: j });
    else ops.push({ kind: "add", a: i, b: j++ });
  }
  return ops;
}

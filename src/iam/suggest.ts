// "Did you mean …?" suggestions: the closest candidate by case-insensitive edit distance.

// The two rows of the distance table, reused from call to call: a suggestion compares one word with
// thousands of catalogue names, and allocating rows per name cost more than the comparisons.
let previousRow = new Uint32Array(64);
let currentRow = new Uint32Array(64);

/**
 * Levenshtein distance between two strings, or `limit + 1` as soon as it is known to exceed `limit`
 * (so comparing one word against thousands of catalogue names stays cheap).
 */
export function editDistance(left: string, right: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  const width = right.length + 1;
  if (previousRow.length < width) {
    previousRow = new Uint32Array(width * 2);
    currentRow = new Uint32Array(width * 2);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let column = 0; column < width; column++) previous[column] = column;
  for (let row = 1; row <= left.length; row++) {
    current[0] = row;
    let rowMinimum = row;
    const leftCode = left.charCodeAt(row - 1);
    for (let column = 1; column < width; column++) {
      const substitution = previous[column - 1] + (leftCode === right.charCodeAt(column - 1) ? 0 : 1);
      const deletion = previous[column] + 1;
      const insertion = current[column - 1] + 1;
      const distance = substitution < deletion ? (substitution < insertion ? substitution : insertion) : deletion < insertion ? deletion : insertion;
      current[column] = distance;
      if (distance < rowMinimum) rowMinimum = distance;
    }
    if (rowMinimum > limit) return limit + 1;
    const done = previous;
    previous = current;
    current = done;
  }
  return previous[right.length];
}

/** How far a suggestion may be from what was written: short words need a close match. */
export function suggestionLimit(word: string): number {
  return Math.max(1, Math.min(3, Math.floor(word.length / 3)));
}

/**
 * The candidate closest to `word` (case-insensitive), when it is within `suggestionLimit(word)` edits.
 * Ties go to the candidate listed first, so callers pass candidates in a stable order.
 */
export function closestMatch(word: string, candidates: Iterable<string>, limit = suggestionLimit(word)): string | undefined {
  const wanted = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

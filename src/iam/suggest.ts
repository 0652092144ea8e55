// "Did you mean …?" suggestions: the closest candidate by case-insensitive edit distance.

/**
 * Levenshtein distance between two strings, or `limit + 1` as soon as it is known to exceed `limit`
 * (so comparing one word against thousands of catalogue names stays cheap).
 */
export function editDistance(left: string, right: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  let current = new Array<number>(right.length + 1);
  for (let row = 1; row <= left.length; row++) {
    current[0] = row;
    let rowMinimum = current[0];
    for (let column = 1; column <= right.length; column++) {
      const substitution = previous[column - 1] + (left[row - 1] === right[column - 1] ? 0 : 1);
      current[column] = Math.min(previous[column] + 1, current[column - 1] + 1, substitution);
      if (current[column] < rowMinimum) rowMinimum = current[column];
    }
    if (rowMinimum > limit) return limit + 1;
    [previous, current] = [current, previous];
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

/**
 * "Did you mean" for catalog codes: a typo in a region or venue code is answered with the
 * closest catalog names rather than a bare "unknown".
 */

/** Levenshtein distance: the fewest single-character insertions, deletions or substitutions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The `n` candidates closest to `input`, ignoring case and punctuation (`West-Europe` finds
 * `westeurope`), nearest first, ties alphabetical. A candidate qualifies when its distance is at
 * most 30% of the input's length (at least 2), or when one of its `aliases` (a city name)
 * contains the input; so nonsense input gets no suggestion rather than a random one. When some
 * candidate matches exactly but for case and punctuation, only such candidates are returned.
 */
export function closestNames(
  input: string,
  candidates: readonly { name: string; aliases?: readonly string[] }[],
  n: number,
): string[] {
  const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const key = norm(input);
  if (key === "" || n <= 0) return [];
  const limit = Math.max(2, Math.ceil(key.length * 0.3));
  const scored: { name: string; score: number }[] = [];
  for (const c of candidates) {
    const d = Math.min(
      editDistance(key, norm(c.name)),
      editDistance(input.toLowerCase(), c.name.toLowerCase()),
    );
    const alias = key.length >= 3 && (c.aliases ?? []).some((a) => norm(a).includes(key));
    if (d <= limit || alias) scored.push({ name: c.name, score: alias ? Math.min(d, 1) : d });
  }
  scored.sort((x, y) => x.score - y.score || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  // Same letters in another case or punctuation (`NYSE` for `nyse`): that is the answer alone.
  const exact = scored.filter((s) => s.score === 0);
  return (exact.length > 0 ? exact : scored).slice(0, n).map((s) => s.name);
}

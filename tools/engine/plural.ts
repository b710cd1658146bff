/** The collection name of a resource type, as the clouds' APIs form it: `alertPolicy` → `alertPolicies`, `address` → `addresses`. */
export function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

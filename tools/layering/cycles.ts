/**
 * Import circles: groups of files that reach each other through their imports. Each group is
 * reported once, by its shortest circle through its first file, so that the message names files
 * a reader can open in order.
 */
import { compare, type ImportGraph } from "./import-graph";

/**
 * One circle per group of files that import each other, e.g. `["a.ts", "b.ts", "a.ts"]`: the
 * first file again at the end. Groups in the order of their first file.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const next = new Map<string, string[]>(graph.files.map((f) => [f, []]));
  for (const e of graph.edges) next.get(e.from)?.push(e.to);
  for (const targets of next.values()) targets.sort(compare);
  return stronglyConnected(graph.files, next)
    .filter((group) => group.length > 1 || (next.get(group[0]) ?? []).includes(group[0]))
    .map((group) => shortestCircle(group, next))
    .sort((a, b) => compare(a[0], b[0]));
}

/** Tarjan's strongly connected components, iterative so a long chain cannot overflow the stack. */
function stronglyConnected(files: readonly string[], next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work: { file: string; child: number }[] = [{ file: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const targets = next.get(top.file) ?? [];
      if (top.child < targets.length) {
        const target = targets[top.child++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ file: target, child: 0 });
        } else if (onStack.has(target)) {
          low.set(top.file, Math.min(low.get(top.file)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].file;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.file)!));
      }
      if (low.get(top.file) === index.get(top.file)) {
        const group: string[] = [];
        let file: string;
        do {
          file = stack.pop()!;
          onStack.delete(file);
          group.push(file);
        } while (file !== top.file);
        groups.push(group.sort(compare));
      }
    }
  }
  return groups;
}

/** The shortest circle from the group's first file back to it, through files of the group only. */
function shortestCircle(group: readonly string[], next: Map<string, string[]>): string[] {
  const members = new Set(group);
  const start = group[0];
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const target of next.get(queue[i]) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const chain: string[] = [];
        for (let f = queue[i]; f !== start; f = previous.get(f)!) chain.unshift(f);
        return [start, ...chain, start];
      }
      if (!previous.has(target)) {
        previous.set(target, queue[i]);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

import { PluginHostError } from './errors.js';

/** A plugin's place in the dependency graph. */
export interface GraphNode {
  readonly id: string;
  readonly dependencies: readonly string[];
}

/**
 * Checks the dependency graph: every dependency registered, no cycle. A missing dependency or a
 * cycle is a `PluginHostError` naming every plugin involved (all cycles, each in order).
 */
export function checkGraph(nodes: readonly GraphNode[]): void {
  const ids = new Set(nodes.map((node) => node.id));
  const missing = nodes.flatMap((node) =>
    node.dependencies.filter((dep) => !ids.has(dep)).map((dep) => `"${node.id}" needs "${dep}"`),
  );
  if (missing.length > 0) {
    const involved = nodes
      .filter((node) => node.dependencies.some((dep) => !ids.has(dep)))
      .map((node) => node.id);
    throw new PluginHostError(
      'HOST_MISSING_DEPENDENCY',
      `missing dependencies: ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not registered`,
      { plugins: involved },
    );
  }
  const cycles = findCycles(nodes);
  if (cycles.length > 0) {
    const text = cycles
      .map((cycle) => `among ${cycle.map((id) => `"${id}"`).join(', ')}`)
      .join('; ');
    const noun = cycles.length === 1 ? 'a dependency cycle' : `${cycles.length} dependency cycles`;
    throw new PluginHostError('HOST_DEPENDENCY_CYCLE', `${noun}: ${text}`, {
      plugins: cycles.flat(),
    });
  }
}

/** Strongly connected components with more than one member (Tarjan's algorithm). */
function findCycles(nodes: readonly GraphNode[]): string[][] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;

  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
    for (const dep of byId.get(id)?.dependencies ?? []) {
      if (!index.has(dep)) {
        visit(dep);
        low.set(id, Math.min(low.get(id) as number, low.get(dep) as number));
      } else if (onStack.has(dep)) {
        low.set(id, Math.min(low.get(id) as number, index.get(dep) as number));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      if (component.length > 1) components.push(component.reverse());
    }
  };
  for (const node of nodes) if (!index.has(node.id)) visit(node.id);
  return components;
}

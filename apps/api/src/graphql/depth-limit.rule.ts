import { type ASTVisitor, GraphQLError, Kind, type ValidationContext } from 'graphql';

/**
 * Rejects operations nested deeper than `maxDepth` fields (fragments followed), before execution.
 * The schema is shallow; deep queries are either mistakes or attacks. Introspection is exempt.
 */
export function depthLimitRule(maxDepth: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    type Node = { selectionSet?: { selections: readonly unknown[] } };
    const depthOf = (node: Node, depth: number, seen: Set<string>): number => {
      if (!node.selectionSet) return depth;
      let max = depth;
      for (const raw of node.selectionSet.selections) {
        const sel = raw as { kind: string; name?: { value: string } } & Node;
        if (sel.kind === Kind.FIELD) {
          // Introspection (__schema, __type) is bounded by the schema itself and needs ~13 levels.
          if (sel.name?.value.startsWith('__')) continue;
          max = Math.max(max, depthOf(sel, depth + 1, seen));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(sel, depth, seen));
        } else if (sel.kind === Kind.FRAGMENT_SPREAD && sel.name && !seen.has(sel.name.value)) {
          const fragment = fragments.get(sel.name.value);
          if (fragment) max = Math.max(max, depthOf(fragment, depth, new Set([...seen, sel.name.value])));
        }
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the limit of ${maxDepth}`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_DEEP' },
            }),
          );
        }
      },
    };
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DefinitionNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';

/**
 * The operations the web app really sends, from its documents (apps/web/src/graphql/*.graphql), each with
 * the fragments it spreads (as graphql-codegen's generated documents carry them): what the benchmarks
 * send, so a change of what a view selects changes what is measured.
 */
const WEB_GRAPHQL = fileURLToPath(new URL('../../apps/web/src/graphql/', import.meta.url));

function definitions(): DefinitionNode[] {
  return readdirSync(WEB_GRAPHQL)
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((f) => parse(readFileSync(join(WEB_GRAPHQL, f), 'utf8')).definitions);
}

/** The text of web operation `name` (e.g. `FleetView`, `PoolsChanged`) with its fragments. */
export function webOperation(name: string): string {
  const all = definitions();
  const fragments = new Map(
    all
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const operation = all.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
  );
  if (!operation) throw new Error(`no web operation ${name} in ${WEB_GRAPHQL}`);
  const used = new Set<string>();
  const walk = (node: DefinitionNode): void => {
    visit(node, {
      FragmentSpread(spread) {
        const fragmentName = spread.name.value;
        if (used.has(fragmentName)) return;
        const fragment = fragments.get(fragmentName);
        if (!fragment) throw new Error(`fragment ${fragmentName} not found`);
        used.add(fragmentName);
        walk(fragment);
      },
    });
  };
  walk(operation);
  return [operation, ...[...used].map((n) => fragments.get(n) as FragmentDefinitionNode)]
    .map((d) => print(d))
    .join('\n\n');
}

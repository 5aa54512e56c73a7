import { createHash } from 'node:crypto';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
  print,
  type SelectionSetNode,
} from 'graphql';
import { PARSE_OPTIONS } from '../guards/guard-rules.ts';
import { ANSWER_DEPENDENCIES, type AnswerDependency, type AnswerSlice } from './answer-dependencies.ts';

/** Whether (and under which slices) the answer of one operation of a document may be cached. */
export type AnswerPlan =
  | {
      cacheable: true;
      /** sha256 of the document as graphql prints it: the same operation spelt differently shares answers. */
      documentHash: string;
      /** The slices its fields read, `snapshot` always among them. */
      slices: readonly AnswerSlice[];
    }
  | { cacheable: false; reason: string };

type Dependencies = Readonly<Record<string, Readonly<Record<string, AnswerDependency>>>>;

/**
 * A field that only reads its parent's property: no resolver (graphql's default), or the one Nest's
 * code-first schema gives every plain `@Field` (named `rootFieldResolver`). Anything else is a resolver
 * of ours and must be declared. Judged on the schema as built (`recordOwnResolvers`, from
 * GraphQLModule's transformSchema): Apollo wraps every resolver on the first request, after which no
 * field can be told apart. If Nest ever names its resolver otherwise, every field counts as a resolver
 * and nothing is cached (the registry test then fails): the failure is closed.
 */
export function readsOnlyItsParent(field: GraphQLField<unknown, unknown>): boolean {
  return field.resolve === undefined || field.resolve.name === 'rootFieldResolver';
}

/** The field extension recordOwnResolvers leaves on every field: whether it has its own resolver. */
const OWN_RESOLVER = 'fleetscopeOwnResolver';

/**
 * Notes on every field whether it has its own resolver, before anything wraps them (a `transformSchema`
 * step), in the field's extensions, which survive the sorted copy Nest makes of the schema. Returns the
 * schema.
 */
export function recordOwnResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      (field as { extensions: Record<string, unknown> }).extensions = {
        ...field.extensions,
        [OWN_RESOLVER]: !readsOnlyItsParent(field),
      };
    }
  }
  return schema;
}

/**
 * Whether a field has its own resolver, as recordOwnResolvers noted; a field never noted counts as
 * having one (only declared fields are then cacheable: closed).
 */
export function hasOwnResolver(field: GraphQLField<unknown, unknown>): boolean {
  return field.extensions[OWN_RESOLVER] !== false;
}

/** `Type.field` of every field noted as having its own resolver. */
export function ownResolversOf(schema: GraphQLSchema): string[] {
  const own: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (hasOwnResolver(field)) own.push(`${type.name}.${field.name}`);
    }
  }
  return own;
}

/** Plans the operation `operationName` of `text`; parses with the API's own parser limits. */
export function planAnswer(
  schema: GraphQLSchema,
  text: string,
  operationName: string | null,
  dependencies: Dependencies = ANSWER_DEPENDENCIES,
): AnswerPlan {
  let document: DocumentNode;
  try {
    document = parse(text, PARSE_OPTIONS);
  } catch {
    return { cacheable: false, reason: 'not parsed' };
  }
  return planDocument(schema, document, operationName, dependencies);
}

/** Fields with their own resolvers are told by recordOwnResolvers' notes (hasOwnResolver). */
export function planDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null,
  dependencies: Dependencies = ANSWER_DEPENDENCIES,
): AnswerPlan {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { cacheable: false, reason: 'no such operation' };
  // Only queries: mutations do not exist here and subscriptions are pushes (graphql/push).
  if (operation.operation !== OperationTypeNode.QUERY) return { cacheable: false, reason: 'not a query' };
  const root = schema.getQueryType();
  if (!root) return { cacheable: false, reason: 'no query type' };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const slices = new Set<AnswerSlice>(['snapshot']);
  const walked = new Set<string>();
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType): string | null => {
    const types = objectTypesOf(schema, parent);
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD || selection.kind === Kind.INLINE_FRAGMENT) {
        let set: SelectionSetNode;
        let on: GraphQLNamedType | undefined = parent;
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = fragments.get(selection.name.value);
          if (!fragment) return `unknown fragment ${selection.name.value}`;
          // Each fragment is walked once per type it is spread into (spreads may repeat, or cycle).
          const seen = `${fragment.name.value}@${parent.name}`;
          if (walked.has(seen)) continue;
          walked.add(seen);
          set = fragment.selectionSet;
          on = schema.getType(fragment.typeCondition.name.value);
        } else {
          set = selection.selectionSet;
          if (selection.typeCondition) on = schema.getType(selection.typeCondition.name.value);
        }
        if (!on) return 'unknown type condition';
        const failure = walk(set, on);
        if (failure) return failure;
        continue;
      }
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (types.length === 0) return `field ${name} on a type without fields`;
      for (const type of types) {
        const field = type.getFields()[name];
        // Introspection (__schema, __type) and unknown fields: not planned (the latter fail validation).
        if (!field) return `${type.name}.${name} is not a field of the schema`;
        if (hasOwnResolver(field)) {
          const declared = dependencies[type.name]?.[name];
          if (!declared) return `${type.name}.${name} declares no answer dependency`;
          if ('never' in declared) return `${type.name}.${name}: ${declared.never}`;
          for (const slice of declared.slices) slices.add(slice);
        }
        if (selection.selectionSet) {
          const failure = walk(selection.selectionSet, getNamedType(field.type));
          if (failure) return failure;
        }
      }
    }
    return null;
  };
  const failure = walk(operation.selectionSet, root);
  if (failure) return { cacheable: false, reason: failure };
  return {
    cacheable: true,
    documentHash: createHash('sha256').update(print(document)).digest('hex'),
    slices: [...slices].sort(),
  };
}

function objectTypesOf(schema: GraphQLSchema, type: GraphQLNamedType): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  if (isAbstractType(type)) return schema.getPossibleTypes(type);
  return [];
}

import {
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** What executing one operation may cost, estimated from the document and the schema before execution. */
export interface QueryMeasure {
  /** Deepest field nesting (fragments followed; introspection fields not counted). */
  depth: number;
  /** Field resolutions, each multiplied by the sizes of the lists it sits under: a response-size bound. */
  fields: number;
  /** Aliased fields, counted once per place a fragment is spread. */
  aliases: number;
  /** I/O field resolutions (e.g. `series`), multiplied by the lists they sit under. */
  io: number;
}

export interface MeasureOptions {
  /**
   * How many items a list field is expected to hold (e.g. Fleet.clusters: the clusters watched now;
   * a list with a `first` argument: that argument).
   */
  listSize(parentType: string, field: string, args: readonly ArgumentNode[]): number;
  /** Fields that do I/O when resolved, as "Type.field". */
  ioFields: ReadonlySet<string>;
  /** Flat field count charged for `__schema`/`__type`, whose answer is bounded by the schema itself. */
  introspectionFields: number;
}

const ZERO: QueryMeasure = { depth: 0, fields: 0, aliases: 0, io: 0 };

const sum = (a: QueryMeasure, b: QueryMeasure): QueryMeasure => ({
  depth: Math.max(a.depth, b.depth),
  fields: a.fields + b.fields,
  aliases: a.aliases + b.aliases,
  io: a.io + b.io,
});

/**
 * Measures every operation of a document in time linear in its size: each named fragment is walked
 * once and its measure reused wherever it is spread (a fragment's measure does not depend on where it
 * is spread, since its type condition fixes the type it applies to). Without that memo, fragments that
 * each spread the previous one twice cost 2^n walks for a document of n lines.
 *
 * Numbers may exceed 2^53 for hostile documents; they only ever get compared against limits.
 */
export class QueryMeter {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly memo = new Map<string, QueryMeasure>();
  private readonly walking = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly options: MeasureOptions,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  operation(node: OperationDefinitionNode): QueryMeasure {
    const root =
      node.operation === 'query'
        ? this.schema.getQueryType()
        : node.operation === 'mutation'
          ? this.schema.getMutationType()
          : this.schema.getSubscriptionType();
    return this.selectionSet(node.selectionSet, root ?? undefined);
  }

  private fragment(name: string): QueryMeasure {
    const known = this.memo.get(name);
    if (known) return known;
    const definition = this.fragments.get(name);
    // Unknown fragments and cycles are reported by graphql's own rules; they cost nothing here.
    if (!definition || this.walking.has(name)) return ZERO;
    this.walking.add(name);
    const measure = this.selectionSet(
      definition.selectionSet,
      this.typeNamed(definition.typeCondition.name.value),
    );
    this.walking.delete(name);
    this.memo.set(name, measure);
    return measure;
  }

  private selectionSet(set: SelectionSetNode, parent: GraphQLNamedType | undefined): QueryMeasure {
    let total = ZERO;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        total = sum(total, this.fragment(selection.name.value));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.typeNamed(selection.typeCondition.name.value) : parent;
        total = sum(total, this.selectionSet(selection.selectionSet, type));
      } else {
        const name = selection.name.value;
        const aliased = selection.alias !== undefined && selection.alias.value !== name ? 1 : 0;
        if (name === '__schema' || name === '__type') {
          total = sum(total, { depth: 0, fields: this.options.introspectionFields, aliases: aliased, io: 0 });
          continue;
        }
        const field =
          parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
        const parentName = parent?.name ?? '';
        const returns = field ? getNullableType(field.type) : undefined;
        const multiplier =
          returns && isListType(returns)
            ? this.options.listSize(parentName, name, selection.arguments ?? [])
            : 1;
        const childType = field ? getNamedType(field.type) : undefined;
        const child = selection.selectionSet
          ? this.selectionSet(
              selection.selectionSet,
              childType && isCompositeType(childType) ? childType : undefined,
            )
          : ZERO;
        const io = this.options.ioFields.has(`${parentName}.${name}`) ? 1 : 0;
        total = sum(total, {
          depth: name.startsWith('__') ? 0 : 1 + child.depth,
          fields: 1 + multiplier * child.fields,
          aliases: aliased + child.aliases,
          io: io + multiplier * child.io,
        });
      }
    }
    return total;
  }

  private typeNamed(name: string): GraphQLCompositeType | undefined {
    const type = this.schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  }
}

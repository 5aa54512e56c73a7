import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum GpuDefragOutcome {
  FITS = 'FITS',
  CAPACITY = 'CAPACITY',
  MOVES = 'MOVES',
  NO_SOLUTION = 'NO_SOLUTION',
  NOT_COMPUTED = 'NOT_COMPUTED',
}

registerEnumType(GpuDefragOutcome, {
  name: 'GpuDefragOutcome',
  description:
    'FITS: a node has room now; CAPACITY: not enough free in total, add nodes; MOVES: the moves (or drain) listed make room; NO_SOLUTION: enough is free in total but no set of moves makes room on one node; NOT_COMPUTED: not searched, proposals are made for the largest blocked requests first, a bounded number per cluster.',
});

@ObjectType({ description: 'Free units of one resource on one node the pod may use.' })
export class GpuNodeFree {
  @Field()
  node!: string;
  @Field(() => Int)
  free!: number;
}

@ObjectType({ description: 'One pod to reschedule: delete it from fromNode; it must land on toNode.' })
export class GpuPodMove {
  @Field({ description: '"namespace/name".' })
  pod!: string;
  @Field()
  fromNode!: string;
  @Field()
  toNode!: string;
  @Field(() => Int, { description: 'Units of the resource the pod holds.' })
  request!: number;
}

@ObjectType({ description: 'A PodDisruptionBudget that forbade a proposal at least as cheap.' })
export class GpuPdbBlock {
  @Field({ description: '"namespace/name" of the budget.' })
  pdb!: string;
  @Field(() => Int, { description: 'Disruptions the cheaper proposal needed under it.' })
  needed!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'status.disruptionsAllowed; null when it has no status yet.',
  })
  allowed!: number | null;
  @Field(() => [String])
  pods!: string[];
}

@ObjectType({
  description:
    'The fewest pod moves (or one node to drain) that let a blocked pod fit: each moved pod fits on its new node, per node and per resource.',
})
export class GpuDefragSuggestion {
  @Field(() => GpuDefragOutcome)
  outcome!: GpuDefragOutcome;
  @Field(() => String, { nullable: true, description: 'The node the pod would go to after the moves.' })
  targetNode!: string | null;
  @Field(() => [GpuPodMove])
  moves!: GpuPodMove[];
  @Field(() => String, {
    nullable: true,
    description: 'Set when the moves take every pod holding the resource off the target: drain that node.',
  })
  drainNode!: string | null;
  @Field(() => Int, { description: 'Cost: pods disrupted.' })
  podsDisrupted!: number;
  @Field(() => [GpuPdbBlock], {
    description:
      'PodDisruptionBudgets that forbade a proposal at least as cheap (every one met when there is no solution).',
  })
  blockedByPdb!: GpuPdbBlock[];
  @Field({
    description:
      'False while PodDisruptionBudgets are not known (not listed yet, or not allowed): the moves were not checked against any. True once the watched budgets were applied.',
  })
  pdbsChecked!: boolean;
  @Field({
    description:
      'True when the search finished: no proposal disrupts fewer pods (among direct moves off one node).',
  })
  exact!: boolean;
  @Field({ description: 'One sentence.' })
  summary!: string;
}

@ObjectType({
  description:
    'A pending GPU pod that no node it may use can fit while they have enough free in total: fragmentation, not capacity.',
})
export class GpuBlockedPod {
  @Field({ description: '"namespace/name".' })
  pod!: string;
  @Field()
  namespace!: string;
  @Field()
  name!: string;
  @Field({ description: 'The pool of the nodes it may use (the most common when they span several).' })
  pool!: string;
  @Field(() => [String])
  pools!: string[];
  @Field()
  resource!: string;
  @Field(() => Int)
  request!: number;
  @Field(() => Int, { description: 'Free units over the nodes it may use.' })
  free!: number;
  @Field(() => [GpuNodeFree], {
    description: 'Free per node it may use, largest first; nodes with none left out.',
  })
  perNodeFree!: GpuNodeFree[];
  @Field(() => GpuDefragSuggestion)
  suggestion!: GpuDefragSuggestion;
}

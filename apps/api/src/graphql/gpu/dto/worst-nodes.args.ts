import { ArgsType, Field, Int } from '@nestjs/graphql';
import { FIRST_BOUNDED_LISTS } from '../../guards/query-limits.ts';

const bounds = FIRST_BOUNDED_LISTS['GpuPool.worstNodes'] ?? { default: 20, max: 200 };
export const MAX_WORST_NODES = bounds.max;

@ArgsType()
export class WorstNodesArgs {
  @Field(() => Int, {
    defaultValue: bounds.default,
    description: `The worst this many (1–${bounds.max}).`,
  })
  first!: number;
}

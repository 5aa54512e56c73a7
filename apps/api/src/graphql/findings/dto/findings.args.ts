import { ArgsType, Field, Int } from '@nestjs/graphql';
import { PlaneEnum, ScopeEnum, SeverityEnum } from '../../common/models/enums.ts';
import { FIRST_BOUNDED_LISTS } from '../../guards/query-limits.ts';

const bounds = FIRST_BOUNDED_LISTS['Fleet.findings'] ?? { default: 100, max: 500 };
/** The largest `first` a findings list serves; the query budget counts a list at its `first`. */
export const MAX_FINDINGS_FIRST = bounds.max;
export const DEFAULT_FINDINGS_FIRST = bounds.default;

@ArgsType()
export class FindingsFilterArgs {
  @Field(() => SeverityEnum, { nullable: true, description: 'At least this severity; all when absent.' })
  minSeverity?: keyof typeof SeverityEnum | null;
}

@ArgsType()
export class FindingsArgs extends FindingsFilterArgs {
  @Field(() => PlaneEnum, { nullable: true })
  plane?: keyof typeof PlaneEnum | null;
  @Field(() => ScopeEnum, { nullable: true })
  scope?: keyof typeof ScopeEnum | null;
  @Field(() => Int, {
    defaultValue: DEFAULT_FINDINGS_FIRST,
    description: `The worst this many (1–${MAX_FINDINGS_FIRST}).`,
  })
  first!: number;
}

@ArgsType()
export class FindingsChangedArgs extends FindingsFilterArgs {
  @Field(() => String, { nullable: true, description: 'One cluster; the whole fleet when absent.' })
  cluster?: string | null;
}

import { ArgsType, Field, Int } from '@nestjs/graphql';
import { FIRST_BOUNDED_LISTS } from '../../guards/query-limits.ts';

const bounds = FIRST_BOUNDED_LISTS['Cluster.gpuDevices'] ?? { default: 200, max: 2_000 };
export const GPU_DEVICES_DEFAULT = bounds.default;
/** The most devices one list serves; larger `first` values are served this many. */
export const GPU_DEVICES_MAX = bounds.max;

@ArgsType()
export class GpuDevicesArgs {
  @Field(() => Int, {
    defaultValue: GPU_DEVICES_DEFAULT,
    description: `Devices returned at most, in node, GPU index, MIG instance order (1–${GPU_DEVICES_MAX}).`,
  })
  first!: number;
}

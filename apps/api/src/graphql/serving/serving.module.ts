import { Module } from '@nestjs/common';
import { ClusterServingResolver } from './serving.resolver.ts';
import { ServingService } from './serving.service.ts';

/** `Cluster.servingPath` and `Cluster.kueue`: the Gateway API serving path and Kueue's queues (issue 9, parts 5–6). */
@Module({ providers: [ClusterServingResolver, ServingService] })
export class ServingModule {}

import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module.ts';
import { ClusterSeriesResolver, ComponentHealthResolver } from './control-plane.resolver.ts';
import { ControlPlaneService } from './control-plane.service.ts';

/**
 * Control-plane history: `Query.clusterSeries` (and the deprecated `ComponentHealth.series`). The
 * control-plane verdicts themselves are part of each cluster's view (fleet module).
 */
@Module({
  imports: [FleetModule],
  providers: [ClusterSeriesResolver, ComponentHealthResolver, ControlPlaneService],
})
export class ControlPlaneModule {}

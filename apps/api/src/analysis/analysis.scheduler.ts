import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { FleetSnapshots } from './fleet-snapshots.ts';

/** Starts and stops the debounced recomputation with the application. */
@Injectable()
export class AnalysisScheduler implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly snapshots: FleetSnapshots) {}
  onModuleInit(): void {
    this.snapshots.start();
  }
  onModuleDestroy(): void {
    this.snapshots.stop();
  }
}

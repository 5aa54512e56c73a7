import type { Clock } from '@fleetscope/types';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AnalysisScheduler } from './analysis/analysis.scheduler.ts';
import { FleetSnapshots } from './analysis/fleet-snapshots.ts';
import type { AppConfig } from './config/app-config.ts';
import { APP_CONFIG, CLOCK } from './config/tokens.ts';
import { ClusterSeriesResolver } from './graphql/cluster-series.resolver.ts';
import { ComponentHealthResolver } from './graphql/component-health.resolver.ts';
import { ComponentSeriesService } from './graphql/component-series.service.ts';
import { FleetResolver } from './graphql/fleet.resolver.ts';
import { FleetViewService } from './graphql/fleet-view.service.ts';
import { formatGraphqlError } from './graphql/guards/error-codes.ts';
import { GraphqlWsServer } from './graphql/guards/graphql-ws.server.ts';
import { guardRules, PARSE_OPTIONS } from './graphql/guards/guard-rules.ts';
import { IoLimiter } from './graphql/guards/io-limiter.ts';
import { httpOperationTypePlugin } from './graphql/guards/operation-type.ts';
import { IO_CONCURRENCY, IO_QUEUE, newRequestBudget } from './graphql/guards/request-budget.ts';
import { HealthController } from './health/health.controller.ts';
import { ControlPlaneSources } from './sources/control-plane-sources.ts';
import { KUBE_TARGETS, type KubeTargets } from './sources/kubernetes/kube-targets.ts';
import { KubernetesSource } from './sources/kubernetes/kubernetes.source.ts';
import { type ConfiguredMetricsSource, METRICS_SOURCE } from './sources/metrics/tokens.ts';
import { FleetState } from './stores/cluster-state.ts';
import { createFleetMetrics } from './telemetry/fleet-metrics.ts';
import { JsonLogger } from './telemetry/json-logger.ts';
import { METRICS_REGISTRY, MetricsController } from './telemetry/metrics.controller.ts';

const FLEET_SIZE = Symbol('FLEET_SIZE');

export interface AppModuleOptions {
  config: AppConfig;
  targets: KubeTargets;
  clock: Clock;
  logger: JsonLogger;
  metrics: ConfiguredMetricsSource;
  /** Where to print the schema (tests and the schema script); in-memory when absent. */
  schemaFile?: string;
}

/** sources → stores → analysis → GraphQL, wired once. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    // The query budget sizes Fleet.clusters by the clusters watched now; wired once the views exist.
    const fleetSize = { clusters: (): number => 1 };
    return {
      module: AppModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: options.schemaFile ?? true,
          sortSchema: true,
          path: '/graphql',
          playground: false,
          introspection: true,
          // The websocket is served by GraphqlWsServer with the same guards (see graphql/guards).
          // Guards for every operation: docs/GRAPHQL.md "Limits" and "Errors".
          parseOptions: PARSE_OPTIONS,
          validationRules: guardRules(() => fleetSize.clusters()),
          formatError: formatGraphqlError,
          plugins: [httpOperationTypePlugin],
          context: () => ({ budget: newRequestBudget() }),
          includeStacktraceInErrorResponses: false,
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock },
        { provide: KUBE_TARGETS, useValue: options.targets },
        { provide: JsonLogger, useValue: options.logger },
        { provide: METRICS_SOURCE, useValue: options.metrics },
        FleetState,
        {
          provide: FleetSnapshots,
          inject: [FleetState, CLOCK, APP_CONFIG],
          useFactory: (fleet: FleetState, clock: Clock, config: AppConfig) =>
            new FleetSnapshots(fleet, clock, {
              debounceMs: config.debounceMs,
              maxDelayMs: Math.max(config.debounceMs * 4, 1000),
              intervalMs: config.recomputeIntervalMs,
              staleAfterMs: config.staleAfterMs,
            }),
        },
        {
          provide: METRICS_REGISTRY,
          inject: [FleetSnapshots, APP_CONFIG],
          useFactory: (snapshots: FleetSnapshots, config: AppConfig) =>
            createFleetMetrics(() => snapshots.current(), config.staleAfterMs),
        },
        KubernetesSource,
        ControlPlaneSources,
        AnalysisScheduler,
        FleetViewService,
        FleetResolver,
        { provide: IoLimiter, useValue: new IoLimiter(IO_CONCURRENCY, IO_QUEUE) },
        ComponentSeriesService,
        ComponentHealthResolver,
        ClusterSeriesResolver,
        GraphqlWsServer,
        {
          provide: FLEET_SIZE,
          inject: [FleetViewService],
          useFactory: (views: FleetViewService) => {
            fleetSize.clusters = () => views.fleet().clusters.length;
            return fleetSize;
          },
        },
      ],
    };
  }
}

import type { IncomingMessage } from 'node:http';
import type { Clock } from '@fleetscope/types';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Context } from 'graphql-ws';
import { AnalysisScheduler } from './analysis/analysis.scheduler.ts';
import { FleetSnapshots } from './analysis/fleet-snapshots.ts';
import { decideAccess } from './auth/access-policy.ts';
import type { AppConfig } from './config/app-config.ts';
import { APP_CONFIG, CLOCK } from './config/tokens.ts';
import { ComponentHealthResolver } from './graphql/component-health.resolver.ts';
import { ComponentSeriesService } from './graphql/component-series.service.ts';
import { expensiveFieldLimitRule } from './graphql/cost-limit.rule.ts';
import { depthLimitRule } from './graphql/depth-limit.rule.ts';
import { FleetResolver } from './graphql/fleet.resolver.ts';
import { FleetViewService } from './graphql/fleet-view.service.ts';
import { HealthController } from './health/health.controller.ts';
import { ControlPlaneSources } from './sources/control-plane-sources.ts';
import { KUBE_TARGETS, type KubeTargets } from './sources/kubernetes/kube-targets.ts';
import { KubernetesSource } from './sources/kubernetes/kubernetes.source.ts';
import { type ConfiguredMetricsSource, METRICS_SOURCE } from './sources/metrics/tokens.ts';
import { FleetState } from './stores/cluster-state.ts';
import { createFleetMetrics } from './telemetry/fleet-metrics.ts';
import { JsonLogger } from './telemetry/json-logger.ts';
import { METRICS_REGISTRY, MetricsController } from './telemetry/metrics.controller.ts';

export interface AppModuleOptions {
  config: AppConfig;
  targets: KubeTargets;
  clock: Clock;
  logger: JsonLogger;
  metrics: ConfiguredMetricsSource;
  /** Where to print the schema (tests and the schema script); in-memory when absent. */
  schemaFile?: string;
}

export const MAX_QUERY_DEPTH = 10;
/** Enough for one cluster view (7 parts); each `series` runs range queries. */
export const MAX_SERIES_FIELDS = 14;

/** sources → stores → analysis → GraphQL, wired once. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
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
          subscriptions: {
            'graphql-ws': {
              // The upgrade request bypasses HTTP hooks: check the same policy here. A token may also
              // come in the connection_init payload, as browsers cannot set headers on websockets.
              onConnect: (ctx: Context) => {
                const extra = ctx.extra as { request?: IncomingMessage } | undefined;
                const fromParams = ctx.connectionParams?.authorization;
                const headers = { ...(extra?.request?.headers ?? {}) };
                if (typeof fromParams === 'string') headers.authorization = fromParams;
                return decideAccess(options.config.access, headers, extra?.request?.socket.remoteAddress)
                  .allowed;
              },
            },
          },
          validationRules: [
            depthLimitRule(MAX_QUERY_DEPTH),
            expensiveFieldLimitRule('series', MAX_SERIES_FIELDS),
          ],
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
        ComponentSeriesService,
        ComponentHealthResolver,
      ],
    };
  }
}

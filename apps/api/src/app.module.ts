import type { Clock } from '@fleetscope/types';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { Authenticator, viewerOf } from './auth/authenticator.ts';
import { createAuthenticator } from './auth/create-authenticator.ts';
import type { AppConfig } from './config/app-config.ts';
import { CoreModule } from './core.module.ts';
import { recordOwnResolvers } from './graphql/answer-cache/answer-plan.ts';
import { AnswerSlices } from './graphql/answer-cache/answer-slices.ts';
import { ControlPlaneModule } from './graphql/control-plane/control-plane.module.ts';
import { FindingsModule } from './graphql/findings/findings.module.ts';
import { FleetModule } from './graphql/fleet/fleet.module.ts';
import { FleetService } from './graphql/fleet/fleet.service.ts';
import { GpuModule } from './graphql/gpu/gpu.module.ts';
import { GpuHistoryModule } from './graphql/gpu-history/gpu-history.module.ts';
import { GpuUsageModule } from './graphql/gpu-usage/gpu-usage.module.ts';
import { restrictToVisibleClusters } from './graphql/guards/cluster-visibility.ts';
import { formatGraphqlError } from './graphql/guards/error-codes.ts';
import { GraphqlWsServer } from './graphql/guards/graphql-ws.server.ts';
import { guardRules, PARSE_OPTIONS } from './graphql/guards/guard-rules.ts';
import { httpOperationTypePlugin } from './graphql/guards/operation-type.ts';
import { newRequestBudget } from './graphql/guards/request-budget.ts';
import { PushHub } from './graphql/push/push-hub.ts';
import { PushMetrics } from './graphql/push/push-metrics.ts';
import { ServingModule } from './graphql/serving/serving.module.ts';
import { WorkloadsModule } from './graphql/workloads/workloads.module.ts';
import { HealthController } from './health/health.controller.ts';
import type { ConfiguredDcgmSource } from './sources/dcgm/dcgm-sources.ts';
import type { KubeTargets } from './sources/kubernetes/kube-targets.ts';
import type { ConfiguredMetricsSource } from './sources/metrics/tokens.ts';
import type { JsonLogger } from './telemetry/json-logger.ts';
import { MetricsController } from './telemetry/metrics.controller.ts';

const FLEET_SIZE = Symbol('FLEET_SIZE');

export interface AppModuleOptions {
  config: AppConfig;
  targets: KubeTargets;
  clock: Clock;
  logger: JsonLogger;
  metrics: ConfiguredMetricsSource;
  /** DCGM-exporter series (Prometheus or the simulator); absent or null: GPU usage unknown. */
  dcgm?: ConfiguredDcgmSource;
  /** Where to print the schema (tests and the schema script); in-memory when absent. */
  schemaFile?: string;
}

/**
 * sources → stores → analysis (CoreModule) → GraphQL feature modules, wired once. The guard stack
 * (graphql/guards) is shared by every feature and by both transports.
 */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    // The query budget sizes Fleet.clusters by the clusters watched now; wired once the views exist.
    const fleetSize = { clusters: (): number => 1 };
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
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
          // The viewer the auth hook admitted (server.ts): resolvers of a restricted viewer see only
          // their clusters (graphql/guards/cluster-visibility.ts, applied by transformSchema).
          // Without a remembered viewer, Kubernetes RBAC mode shows nothing (fail closed).
          context: (request?: { raw?: object }) => ({
            budget: newRequestBudget(),
            viewer:
              viewerOf(request?.raw ?? request) ??
              (options.config.access.kubernetes
                ? { principal: 'unknown', clusters: new Set<string>() }
                : undefined),
          }),
          // Which fields have resolvers is noted before anything wraps them (answer cache), then
          // visibility wraps the roots.
          transformSchema: (schema) => restrictToVisibleClusters(recordOwnResolvers(schema)),
          includeStacktraceInErrorResponses: false,
        }),
        FleetModule,
        ControlPlaneModule,
        FindingsModule,
        GpuModule,
        GpuUsageModule,
        GpuHistoryModule,
        WorkloadsModule,
        ServingModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        {
          provide: PushHub,
          inject: [PushMetrics],
          useFactory: (metrics: PushMetrics) =>
            new PushHub({
              minIntervalMs: options.config.pushIntervalMs,
              metrics,
              formatError: formatGraphqlError,
            }),
        },
        GraphqlWsServer,
        AnswerSlices,
        {
          provide: Authenticator,
          useFactory: () =>
            createAuthenticator(options.config, options.targets, options.clock, options.logger),
        },
        {
          provide: FLEET_SIZE,
          inject: [FleetService],
          useFactory: (fleet: FleetService) => {
            fleetSize.clusters = () => fleet.fleet().clusters.length;
            return fleetSize;
          },
        },
      ],
    };
  }
}

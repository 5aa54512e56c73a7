/** The budget every GraphQL operation must fit, over HTTP and over the websocket alike. */
export interface QueryLimits {
  /** Field nesting (the schema is shallow; deeper is a mistake or an attack). */
  maxDepth: number;
  /** Lexical tokens in the document, enforced by graphql's parser before anything else. */
  maxTokens: number;
  /** Aliased fields (fragments counted where they are spread). */
  maxAliases: number;
  /** Estimated field resolutions, lists multiplied by their size: bounds response size and memory. */
  maxFields: number;
  /** I/O field resolutions (Prometheus range queries), lists multiplied by their size. */
  maxIo: number;
}

export const QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  // The web app's largest document (cluster view with its fragments) is about 400 tokens.
  maxTokens: 4_000,
  maxAliases: 30,
  // A 1,000-cluster fleet view is ~60,000; the 2,691-alias body of issue 11 was ~1.6 million.
  maxFields: 100_000,
  // One cluster view charts 7 parts; each `series` runs up to two range queries.
  maxIo: 14,
};

/** Fields that do I/O when resolved. Never reachable from subscriptions (every push would repeat it). */
export const IO_FIELDS: ReadonlySet<string> = new Set([
  'ComponentHealth.series',
  'Query.clusterSeries',
  'Query.gpuUsageHistory',
]);

/** Expected sizes of lists whose length is known or bounded; any other list counts as DEFAULT_LIST_SIZE. */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'Series.points': 300,
  // Label sets per signal: usually one line per signal, two signals per part.
  'ComponentHealth.series': 4,
  'Query.clusterSeries': 4,
  'Cluster.freshness': 10,
  // A subscriber's first findingsChanged message holds every current finding: count a wall's worth.
  'FindingsChange.opened': 100,
  'FindingsChange.changed': 100,
  'FindingsChange.resolved': 100,
  'Finding.subjects': 3,
  'Finding.evidence': 5,
  // GPU usage lists are capped at 100 by the service.
  'ClusterGpuUsage.idleAllocated': 100,
  'ClusterGpuUsage.unhealthy': 100,
  'FleetGpu.idleAllocated': 100,
  'FleetGpu.unhealthy': 100,
  // GPU usage history: groups per cluster are capped by maxGroups (default 20, +3 special groups).
  'ClusterGpuUsageHistory.groups': 23,
  'GpuUsageHistory.clusters': 10,
  // Cluster.pods pages are capped at this `first` (the connection's edges are counted at the cap).
  'PodConnection.edges': 200,
  'Pod.findings': 3,
  'PodExplanation.evidence': 5,
  'Cluster.rollouts': 50,
};

/**
 * Lists bounded by a `first` argument, with its default and cap: counted at the literal `first`
 * given, at the default when it is absent, and at the cap when it comes from a variable (validation
 * runs before variables are known).
 */
export const FIRST_BOUNDED_LISTS: Readonly<Record<string, { default: number; max: number }>> = {
  'Fleet.findings': { default: 100, max: 500 },
  'Cluster.findings': { default: 100, max: 500 },
  'Cluster.gpuDevices': { default: 200, max: 2_000 },
  'GpuPool.worstNodes': { default: 20, max: 200 },
};
export const DEFAULT_LIST_SIZE = 10;

/** Field count charged for one `__schema`/`__type` selection (bounded by the schema itself). */
export const INTROSPECTION_FIELDS = 2_000;

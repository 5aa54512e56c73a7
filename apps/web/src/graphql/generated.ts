/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  | T
  | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** UNKNOWN means the inputs are missing or stale: it is never folded into HEALTHY. */
export type HealthStatus =
  /** Working, with impairment named in the summary. */
  | 'DEGRADED'
  /** Not working. */
  | 'DOWN'
  /** Inputs are fresh and within thresholds. */
  | 'HEALTHY'
  /** Not observable or not configured here (e.g. etcd on a managed cluster). */
  | 'NOT_APPLICABLE'
  /** Inputs missing, stale or forbidden. */
  | 'UNKNOWN';

/** A time range ending now. */
export type TimeRangeInput = {
  /** Minutes back from now (1–1440). */
  lastMinutes?: number;
};

export type WatchState =
  /** Never listed yet. */
  | 'CONNECTING'
  /** Not allowed to list/watch (401/403): data UNKNOWN, not empty. */
  | 'FORBIDDEN'
  /** The watch failed; retrying with backoff. */
  | 'RETRYING'
  /** Listed and watching. */
  | 'SYNCED';

export type EvidenceFieldsFragment = {
  signal: string;
  value: string;
  threshold: string | null;
  window: string | null;
  source: string;
  observedAt: string | null;
};

export type ComponentHealthFieldsFragment = {
  status: HealthStatus;
  summary: string;
  evidence: Array<{
    signal: string;
    value: string;
    threshold: string | null;
    window: string | null;
    source: string;
    observedAt: string | null;
  }>;
};

export type ClusterDetailFragment = {
  name: string;
  generatedAt: string;
  staleAfterSeconds: number;
  dataAsOf: string | null;
  stale: boolean;
  controlPlane: {
    status: HealthStatus;
    summary: string;
    evidence: Array<{
      signal: string;
      value: string;
      threshold: string | null;
      window: string | null;
      source: string;
      observedAt: string | null;
    }>;
    impact: { operationsPath: boolean; userPath: boolean; statement: string };
    paths: {
      read: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
      write: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
      admission: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
      watch: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
    };
    etcd: {
      status: HealthStatus;
      summary: string;
      evidence: Array<{
        signal: string;
        value: string;
        threshold: string | null;
        window: string | null;
        source: string;
        observedAt: string | null;
      }>;
    };
    scheduler: {
      status: HealthStatus;
      summary: string;
      evidence: Array<{
        signal: string;
        value: string;
        threshold: string | null;
        window: string | null;
        source: string;
        observedAt: string | null;
      }>;
    };
    controllers: {
      status: HealthStatus;
      summary: string;
      evidence: Array<{
        signal: string;
        value: string;
        threshold: string | null;
        window: string | null;
        source: string;
        observedAt: string | null;
      }>;
    };
  };
  dataPlane: {
    status: HealthStatus;
    summary: string;
    evidence: Array<{
      signal: string;
      value: string;
      threshold: string | null;
      window: string | null;
      source: string;
      observedAt: string | null;
    }>;
  };
  nodes: { total: number; ready: number; notReady: number; unknown: number; cordoned: number } | null;
  pods: {
    total: number;
    running: number;
    ready: number;
    pending: number;
    failed: number;
    crashLooping: number;
  } | null;
  workloads: {
    deployments: number;
    deploymentsAvailable: number;
    services: number;
    servicesWithoutEndpoints: number;
  };
  gpus: {
    allocatable: number;
    allocated: number;
    pending: number;
    unusable: number;
    byResource: Array<{
      resource: string;
      allocatable: number;
      allocated: number;
      pending: number;
      unusable: number;
    }>;
  } | null;
  freshness: Array<{
    resource: string;
    state: WatchState;
    stale: boolean;
    lastEventAt: string | null;
    confirmedAt: string | null;
    behind: string | null;
    lastSyncAt: string | null;
    lastError: string | null;
    lastErrorAt: string | null;
    lagSeconds: number | null;
  }>;
};

export type ClusterViewQueryVariables = Exact<{
  name: string;
}>;

export type ClusterViewQuery = {
  cluster: {
    name: string;
    generatedAt: string;
    staleAfterSeconds: number;
    dataAsOf: string | null;
    stale: boolean;
    controlPlane: {
      status: HealthStatus;
      summary: string;
      evidence: Array<{
        signal: string;
        value: string;
        threshold: string | null;
        window: string | null;
        source: string;
        observedAt: string | null;
      }>;
      impact: { operationsPath: boolean; userPath: boolean; statement: string };
      paths: {
        read: {
          status: HealthStatus;
          summary: string;
          evidence: Array<{
            signal: string;
            value: string;
            threshold: string | null;
            window: string | null;
            source: string;
            observedAt: string | null;
          }>;
        };
        write: {
          status: HealthStatus;
          summary: string;
          evidence: Array<{
            signal: string;
            value: string;
            threshold: string | null;
            window: string | null;
            source: string;
            observedAt: string | null;
          }>;
        };
        admission: {
          status: HealthStatus;
          summary: string;
          evidence: Array<{
            signal: string;
            value: string;
            threshold: string | null;
            window: string | null;
            source: string;
            observedAt: string | null;
          }>;
        };
        watch: {
          status: HealthStatus;
          summary: string;
          evidence: Array<{
            signal: string;
            value: string;
            threshold: string | null;
            window: string | null;
            source: string;
            observedAt: string | null;
          }>;
        };
      };
      etcd: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
      scheduler: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
      controllers: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
    };
    dataPlane: {
      status: HealthStatus;
      summary: string;
      evidence: Array<{
        signal: string;
        value: string;
        threshold: string | null;
        window: string | null;
        source: string;
        observedAt: string | null;
      }>;
    };
    nodes: { total: number; ready: number; notReady: number; unknown: number; cordoned: number } | null;
    pods: {
      total: number;
      running: number;
      ready: number;
      pending: number;
      failed: number;
      crashLooping: number;
    } | null;
    workloads: {
      deployments: number;
      deploymentsAvailable: number;
      services: number;
      servicesWithoutEndpoints: number;
    };
    gpus: {
      allocatable: number;
      allocated: number;
      pending: number;
      unusable: number;
      byResource: Array<{
        resource: string;
        allocatable: number;
        allocated: number;
        pending: number;
        unusable: number;
      }>;
    } | null;
    freshness: Array<{
      resource: string;
      state: WatchState;
      stale: boolean;
      lastEventAt: string | null;
      confirmedAt: string | null;
      behind: string | null;
      lastSyncAt: string | null;
      lastError: string | null;
      lastErrorAt: string | null;
      lagSeconds: number | null;
    }>;
  } | null;
};

export type ClusterChangedSubscriptionVariables = Exact<{
  name: string;
}>;

export type ClusterChangedSubscription = {
  clusterChanged: {
    name: string;
    generatedAt: string;
    staleAfterSeconds: number;
    dataAsOf: string | null;
    stale: boolean;
    controlPlane: {
      status: HealthStatus;
      summary: string;
      evidence: Array<{
        signal: string;
        value: string;
        threshold: string | null;
        window: string | null;
        source: string;
        observedAt: string | null;
      }>;
      impact: { operationsPath: boolean; userPath: boolean; statement: string };
      paths: {
        read: {
          status: HealthStatus;
          summary: string;
          evidence: Array<{
            signal: string;
            value: string;
            threshold: string | null;
            window: string | null;
            source: string;
            observedAt: string | null;
          }>;
        };
        write: {
          status: HealthStatus;
          summary: string;
          evidence: Array<{
            signal: string;
            value: string;
            threshold: string | null;
            window: string | null;
            source: string;
            observedAt: string | null;
          }>;
        };
        admission: {
          status: HealthStatus;
          summary: string;
          evidence: Array<{
            signal: string;
            value: string;
            threshold: string | null;
            window: string | null;
            source: string;
            observedAt: string | null;
          }>;
        };
        watch: {
          status: HealthStatus;
          summary: string;
          evidence: Array<{
            signal: string;
            value: string;
            threshold: string | null;
            window: string | null;
            source: string;
            observedAt: string | null;
          }>;
        };
      };
      etcd: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
      scheduler: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
      controllers: {
        status: HealthStatus;
        summary: string;
        evidence: Array<{
          signal: string;
          value: string;
          threshold: string | null;
          window: string | null;
          source: string;
          observedAt: string | null;
        }>;
      };
    };
    dataPlane: {
      status: HealthStatus;
      summary: string;
      evidence: Array<{
        signal: string;
        value: string;
        threshold: string | null;
        window: string | null;
        source: string;
        observedAt: string | null;
      }>;
    };
    nodes: { total: number; ready: number; notReady: number; unknown: number; cordoned: number } | null;
    pods: {
      total: number;
      running: number;
      ready: number;
      pending: number;
      failed: number;
      crashLooping: number;
    } | null;
    workloads: {
      deployments: number;
      deploymentsAvailable: number;
      services: number;
      servicesWithoutEndpoints: number;
    };
    gpus: {
      allocatable: number;
      allocated: number;
      pending: number;
      unusable: number;
      byResource: Array<{
        resource: string;
        allocatable: number;
        allocated: number;
        pending: number;
        unusable: number;
      }>;
    } | null;
    freshness: Array<{
      resource: string;
      state: WatchState;
      stale: boolean;
      lastEventAt: string | null;
      confirmedAt: string | null;
      behind: string | null;
      lastSyncAt: string | null;
      lastError: string | null;
      lastErrorAt: string | null;
      lagSeconds: number | null;
    }>;
  };
};

export type SeriesFieldsFragment = {
  signal: string;
  unit: string;
  error: string | null;
  labels: Array<{ name: string; value: string }>;
  points: Array<{ t: string; v: number }>;
};

export type ClusterSeriesQueryVariables = Exact<{
  name: string;
  range: TimeRangeInput;
}>;

export type ClusterSeriesQuery = {
  read: Array<{
    signal: string;
    unit: string;
    error: string | null;
    labels: Array<{ name: string; value: string }>;
    points: Array<{ t: string; v: number }>;
  }> | null;
  write: Array<{
    signal: string;
    unit: string;
    error: string | null;
    labels: Array<{ name: string; value: string }>;
    points: Array<{ t: string; v: number }>;
  }> | null;
  admission: Array<{
    signal: string;
    unit: string;
    error: string | null;
    labels: Array<{ name: string; value: string }>;
    points: Array<{ t: string; v: number }>;
  }> | null;
  watch: Array<{
    signal: string;
    unit: string;
    error: string | null;
    labels: Array<{ name: string; value: string }>;
    points: Array<{ t: string; v: number }>;
  }> | null;
  etcd: Array<{
    signal: string;
    unit: string;
    error: string | null;
    labels: Array<{ name: string; value: string }>;
    points: Array<{ t: string; v: number }>;
  }> | null;
  scheduler: Array<{
    signal: string;
    unit: string;
    error: string | null;
    labels: Array<{ name: string; value: string }>;
    points: Array<{ t: string; v: number }>;
  }> | null;
  controllers: Array<{
    signal: string;
    unit: string;
    error: string | null;
    labels: Array<{ name: string; value: string }>;
    points: Array<{ t: string; v: number }>;
  }> | null;
};

export type FleetOverviewFragment = {
  version: number;
  generatedAt: string;
  controlPlane: { status: HealthStatus; summary: string };
  dataPlane: { status: HealthStatus; summary: string };
  gpus: {
    allocatable: number;
    allocated: number;
    pending: number;
    unusable: number;
    byResource: Array<{
      resource: string;
      allocatable: number;
      allocated: number;
      pending: number;
      unusable: number;
    }>;
  };
  clusters: Array<{
    name: string;
    generatedAt: string;
    staleAfterSeconds: number;
    dataAsOf: string | null;
    stale: boolean;
    controlPlane: { status: HealthStatus; summary: string };
    dataPlane: { status: HealthStatus; summary: string };
    nodes: { total: number; ready: number; notReady: number; unknown: number; cordoned: number } | null;
    pods: {
      total: number;
      running: number;
      ready: number;
      pending: number;
      failed: number;
      crashLooping: number;
    } | null;
    workloads: {
      deployments: number;
      deploymentsAvailable: number;
      services: number;
      servicesWithoutEndpoints: number;
    };
    gpus: {
      allocatable: number;
      allocated: number;
      pending: number;
      unusable: number;
      byResource: Array<{
        resource: string;
        allocatable: number;
        allocated: number;
        pending: number;
        unusable: number;
      }>;
    } | null;
    freshness: Array<{
      resource: string;
      state: WatchState;
      stale: boolean;
      lastEventAt: string | null;
      confirmedAt: string | null;
      behind: string | null;
      lastSyncAt: string | null;
      lastError: string | null;
      lastErrorAt: string | null;
      lagSeconds: number | null;
    }>;
  }>;
};

export type FleetViewQueryVariables = Exact<{ [key: string]: never }>;

export type FleetViewQuery = {
  fleet: {
    version: number;
    generatedAt: string;
    controlPlane: { status: HealthStatus; summary: string };
    dataPlane: { status: HealthStatus; summary: string };
    gpus: {
      allocatable: number;
      allocated: number;
      pending: number;
      unusable: number;
      byResource: Array<{
        resource: string;
        allocatable: number;
        allocated: number;
        pending: number;
        unusable: number;
      }>;
    };
    clusters: Array<{
      name: string;
      generatedAt: string;
      staleAfterSeconds: number;
      dataAsOf: string | null;
      stale: boolean;
      controlPlane: { status: HealthStatus; summary: string };
      dataPlane: { status: HealthStatus; summary: string };
      nodes: { total: number; ready: number; notReady: number; unknown: number; cordoned: number } | null;
      pods: {
        total: number;
        running: number;
        ready: number;
        pending: number;
        failed: number;
        crashLooping: number;
      } | null;
      workloads: {
        deployments: number;
        deploymentsAvailable: number;
        services: number;
        servicesWithoutEndpoints: number;
      };
      gpus: {
        allocatable: number;
        allocated: number;
        pending: number;
        unusable: number;
        byResource: Array<{
          resource: string;
          allocatable: number;
          allocated: number;
          pending: number;
          unusable: number;
        }>;
      } | null;
      freshness: Array<{
        resource: string;
        state: WatchState;
        stale: boolean;
        lastEventAt: string | null;
        confirmedAt: string | null;
        behind: string | null;
        lastSyncAt: string | null;
        lastError: string | null;
        lastErrorAt: string | null;
        lagSeconds: number | null;
      }>;
    }>;
  };
};

export type FleetChangedSubscriptionVariables = Exact<{ [key: string]: never }>;

export type FleetChangedSubscription = {
  fleetChanged: {
    version: number;
    generatedAt: string;
    controlPlane: { status: HealthStatus; summary: string };
    dataPlane: { status: HealthStatus; summary: string };
    gpus: {
      allocatable: number;
      allocated: number;
      pending: number;
      unusable: number;
      byResource: Array<{
        resource: string;
        allocatable: number;
        allocated: number;
        pending: number;
        unusable: number;
      }>;
    };
    clusters: Array<{
      name: string;
      generatedAt: string;
      staleAfterSeconds: number;
      dataAsOf: string | null;
      stale: boolean;
      controlPlane: { status: HealthStatus; summary: string };
      dataPlane: { status: HealthStatus; summary: string };
      nodes: { total: number; ready: number; notReady: number; unknown: number; cordoned: number } | null;
      pods: {
        total: number;
        running: number;
        ready: number;
        pending: number;
        failed: number;
        crashLooping: number;
      } | null;
      workloads: {
        deployments: number;
        deploymentsAvailable: number;
        services: number;
        servicesWithoutEndpoints: number;
      };
      gpus: {
        allocatable: number;
        allocated: number;
        pending: number;
        unusable: number;
        byResource: Array<{
          resource: string;
          allocatable: number;
          allocated: number;
          pending: number;
          unusable: number;
        }>;
      } | null;
      freshness: Array<{
        resource: string;
        state: WatchState;
        stale: boolean;
        lastEventAt: string | null;
        confirmedAt: string | null;
        behind: string | null;
        lastSyncAt: string | null;
        lastError: string | null;
        lastErrorAt: string | null;
        lagSeconds: number | null;
      }>;
    }>;
  };
};

export type PlaneHealthFieldsFragment = { status: HealthStatus; summary: string };

export type GpuTotalsFieldsFragment = {
  allocatable: number;
  allocated: number;
  pending: number;
  unusable: number;
  byResource: Array<{
    resource: string;
    allocatable: number;
    allocated: number;
    pending: number;
    unusable: number;
  }>;
};

export type ClusterTileFieldsFragment = {
  name: string;
  generatedAt: string;
  staleAfterSeconds: number;
  dataAsOf: string | null;
  stale: boolean;
  controlPlane: { status: HealthStatus; summary: string };
  dataPlane: { status: HealthStatus; summary: string };
  nodes: { total: number; ready: number; notReady: number; unknown: number; cordoned: number } | null;
  pods: {
    total: number;
    running: number;
    ready: number;
    pending: number;
    failed: number;
    crashLooping: number;
  } | null;
  workloads: {
    deployments: number;
    deploymentsAvailable: number;
    services: number;
    servicesWithoutEndpoints: number;
  };
  gpus: {
    allocatable: number;
    allocated: number;
    pending: number;
    unusable: number;
    byResource: Array<{
      resource: string;
      allocatable: number;
      allocated: number;
      pending: number;
      unusable: number;
    }>;
  } | null;
  freshness: Array<{
    resource: string;
    state: WatchState;
    stale: boolean;
    lastEventAt: string | null;
    confirmedAt: string | null;
    behind: string | null;
    lastSyncAt: string | null;
    lastError: string | null;
    lastErrorAt: string | null;
    lagSeconds: number | null;
  }>;
};

/** Per-request state shared by resolvers: when the request's time budget ends. */
export interface RequestBudget {
  /** Epoch milliseconds after which I/O fields answer QUERY_TIMEOUT. */
  deadline: number;
}

/** How long one operation's I/O fields may take, queueing included. */
export const REQUEST_TIME_BUDGET_MS = 10_000;

/** Concurrent history lookups server-wide, and how many may wait for a slot. */
export const IO_CONCURRENCY = 4;
export const IO_QUEUE = 32;

export function newRequestBudget(budgetMs = REQUEST_TIME_BUDGET_MS): RequestBudget {
  return { deadline: Date.now() + budgetMs };
}

/** The budget carried by a GraphQL context, or a fresh one if the context has none. */
export function budgetOf(context: unknown): RequestBudget {
  const deadline = (context as { budget?: RequestBudget } | undefined)?.budget?.deadline;
  return typeof deadline === 'number' ? { deadline } : newRequestBudget();
}

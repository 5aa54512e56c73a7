import { createContext, useContext } from 'react';
import { createHttpWsTransport, type GraphQLTransport, sameOriginEndpoints } from './transport.ts';

let sameOrigin: GraphQLTransport | undefined;

/** The transport to the API on this page's origin, created on first use. */
export function sameOriginTransport(): GraphQLTransport {
  sameOrigin ??= createHttpWsTransport({
    endpointLabel: '/graphql',
    ...sameOriginEndpoints(window.location),
  });
  return sameOrigin;
}

/** Lets tests (and future embeddings) supply their own transport; null means "same origin". */
export const TransportContext = createContext<GraphQLTransport | null>(null);

export function useTransport(): GraphQLTransport {
  return useContext(TransportContext) ?? sameOriginTransport();
}

import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import type { Operation } from './transport.ts';

/** An operation whose answer (`data`) has the type `TData`: what the generated documents give. */
export interface TypedOperation<TData> extends Operation {
  /** Type only: never set. */
  readonly __data?: TData;
}

/** The name of the one operation in a generated document (codegen adds only the fragments it spreads). */
export function operationNameOf(document: string): string {
  const match = /\b(?:query|subscription|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document);
  if (match?.[1] === undefined) throw new Error('a generated document without a named operation');
  return match[1];
}

/** A generated document with its variables, ready for the transport. */
export function operation<TData, TVariables>(
  document: DocumentTypeDecoration<TData, TVariables> & { toString(): string },
  ...variables: TVariables extends Record<string, never> ? [] : [TVariables]
): TypedOperation<TData> {
  const text = document.toString();
  const vars = variables[0] as Record<string, unknown> | undefined;
  return vars === undefined
    ? { document: text, operationName: operationNameOf(text) }
    : { document: text, operationName: operationNameOf(text), variables: vars };
}

import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { codeForParseError, formatGraphqlError } from '../../src/graphql/guards/error-codes.ts';

describe('formatGraphqlError', () => {
  it("restores a validation rule's code that Apollo replaced", () => {
    const own = new GraphQLError('query depth 12 exceeds the limit of 10', {
      extensions: { code: 'QUERY_TOO_DEEP' },
    });
    const wrapped = new GraphQLError(own.message, {
      originalError: own,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(formatGraphqlError(wrapped.toJSON(), wrapped).extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('keeps documented codes and turns any other into INTERNAL_SERVER_ERROR', () => {
    const known = new GraphQLError('x', { extensions: { code: 'NOT_FOUND' } });
    expect(formatGraphqlError(known.toJSON(), known).extensions?.code).toBe('NOT_FOUND');
    const unknown = new GraphQLError('x', { extensions: { code: 'SOMETHING_ELSE' } });
    expect(formatGraphqlError(unknown.toJSON(), unknown).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(formatGraphqlError({ message: 'x' }, new Error('x')).extensions?.code).toBe(
      'INTERNAL_SERVER_ERROR',
    );
  });

  it('names the token limit QUERY_TOO_LARGE', () => {
    expect(codeForParseError('Syntax Error: Document contains more that 4000 tokens. Parsing aborted.')).toBe(
      'QUERY_TOO_LARGE',
    );
    expect(codeForParseError('Syntax Error: Expected Name, found <EOF>.')).toBe('GRAPHQL_PARSE_FAILED');
  });
});

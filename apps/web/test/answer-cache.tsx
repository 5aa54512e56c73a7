import { QueryClientProvider } from '@tanstack/react-query';
import type { JSX, ReactNode } from 'react';
import { createAnswerCache } from '../src/graphql/answers.ts';

/** A fresh answer cache per render, as the app provides one per page. */
export function withAnswerCache(): ({ children }: { children: ReactNode }) => JSX.Element {
  const client = createAnswerCache();
  return ({ children }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

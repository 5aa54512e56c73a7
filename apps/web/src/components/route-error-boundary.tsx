import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Shows a readable message instead of a blank wall when a view fails to load (e.g. a chunk missing after
 * a redeploy) or throws while rendering.
 */
export class RouteErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('view failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="page-message page-message--error" role="alert">
        <h1>This view could not be shown</h1>
        <p>{this.state.error.message}</p>
        <p>Reload the page to try again.</p>
      </div>
    );
  }
}

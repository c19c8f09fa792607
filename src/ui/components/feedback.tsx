/**
 * Loading, failure and crash, the three states a screen shows besides its data: a spinner line,
 * an inline Azure error with ARM's code and message and what to do, and the error boundaries.
 */
import { Component, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { isAzureError, isUsageError, describeError } from '../../domain/errors.js';
import type { Resource } from '../data.js';
import { sanitize } from '../../domain/text.js';
import { usePalette } from '../theme.js';
import { useKeyboard } from './input.js';

export function Loading({ what }: { what: string }) {
  const palette = usePalette();
  return (
    <Text>
      <Text {...palette.accent}>
        <Spinner type="dots" />
      </Text>{' '}
      Loading {what}…
    </Text>
  );
}

/**
 * The error as a person reads it: what failed, ARM's code and message, what to do (the hint, with
 * the closest names for a wrong one). Every part wraps: at 80 columns nothing is cut off.
 */
export function ErrorPanel({ what, error, width }: { what: string; error: unknown; width: number }) {
  const palette = usePalette();
  const azure = isAzureError(error) ? error : undefined;
  const message = azure ? azure.message : isUsageError(error) ? describeError(error) : error instanceof Error ? error.message : String(error);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="wrap">
        <Text {...palette.error}>✖ Could not load {what}.</Text>
      </Text>
      {azure ? (
        <Text wrap="wrap">
          {'  '}
          <Text bold>{sanitize(azure.code)}</Text>
          {azure.status ? <Text {...palette.muted}> (HTTP {azure.status})</Text> : null}
        </Text>
      ) : null}
      <Box paddingLeft={2} width={width}>
        <Text wrap="wrap">{sanitize(message)}</Text>
      </Box>
      {azure?.hint ? (
        <Box paddingLeft={2} width={width}>
          <Text wrap="wrap" {...palette.muted}>
            {sanitize(azure.hint)}
          </Text>
        </Box>
      ) : null}
      <Text>
        {'  '}
        <Text {...palette.key}>r</Text> retry <Text {...palette.key}>Esc</Text> back
      </Text>
    </Box>
  );
}

/** Shows `children(data)` once `resource` is ready; a spinner or the error until then. */
export function Loaded<T>({ resource, what, width, children }: { resource: Resource<T>; what: string; width: number; children: (data: T) => ReactNode }) {
  if (resource.status === 'loading') return <Loading what={what} />;
  if (resource.status === 'error') return <ErrorPanel what={what} error={resource.error} width={width} />;
  return <>{children(resource.data)}</>;
}

interface BoundaryProps {
  readonly fallback: (error: unknown) => ReactNode;
  readonly children: ReactNode;
}

/**
 * Catches a render crash so it becomes a screen with a message instead of a stack trace over
 * the user's terminal. (React still needs a class for this.)
 */
export class ErrorBoundary extends Component<BoundaryProps, { error: unknown; failed: boolean }> {
  override state = { error: undefined as unknown, failed: false };

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback(this.state.error) : this.props.children;
  }
}

/** What the top-level boundary shows: the error in one line and how to leave. */
export function Crashed({ error, onQuit, width }: { error: unknown; onQuit?: () => void; width?: number }) {
  const palette = usePalette();
  // Without `onQuit` the surrounding frame owns the keys (Esc back, q quit).
  useKeyboard((input, key) => {
    if (input === 'q' || key.return || key.escape || (key.ctrl && input === 'c')) onQuit?.();
  }, onQuit !== undefined);
  return (
    <Box flexDirection="column" width={width}>
      <Text {...palette.error}>azimg hit a problem it cannot recover from:</Text>
      <Text wrap="wrap">{sanitize(describeError(error))}</Text>
      <Text {...palette.muted}>Press q to quit. `azimg ls` and `azimg show` work without the full-screen view.</Text>
    </Box>
  );
}

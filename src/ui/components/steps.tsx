/**
 * The step list of long work (a capture, a delete): one row per step with its state glyph (a
 * spinner while it runs), title, elapsed time and detail (poll status, replication percent), and
 * for a failure Azure's words and what to do, each on its own line so nothing is cut at 80 columns.
 * Renders the domain's {@link StepStatus} records; the shell prints the same records as lines.
 */
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { formatElapsed, STEP_GLYPH, stepElapsed, type StepStatus } from '../../domain/steps.js';
import { sanitize } from '../../domain/text.js';
import { usePalette } from '../theme.js';

/** Re-renders every second while `active`, so elapsed times move. */
function useClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return active ? Math.max(now, Date.now()) : now;
}

export interface StepListProps {
  steps: readonly StepStatus[];
  width: number;
}

export function StepList({ steps, width }: StepListProps) {
  const palette = usePalette();
  const now = useClock(steps.some((s) => s.state === 'running'));
  const text = (s: string) => sanitize(s);
  return (
    <Box flexDirection="column" width={width}>
      {steps.map((step) => {
        const elapsed = stepElapsed(step, now);
        const style =
          step.state === 'failed' ? palette.error : step.state === 'done' ? palette.ok : step.state === 'running' ? palette.accent : step.state === 'stopped' ? palette.warning : palette.muted;
        const tail = step.state === 'skipped' || step.state === 'failed' || step.state === 'stopped' ? step.note : step.detail;
        return (
          <Box key={step.id} flexDirection="column">
            <Text wrap="truncate-end">
              <Text {...style}>{step.state === 'running' ? <Spinner type="dots" /> : STEP_GLYPH[step.state]}</Text>{' '}
              <Text bold={step.state === 'running'}>{text(step.title)}</Text>
              {step.irreversible && (step.state === 'pending' || step.state === 'running') ? <Text {...palette.warning}> irreversible</Text> : null}
              {elapsed !== undefined && step.state !== 'skipped' ? <Text {...palette.muted}> {formatElapsed(elapsed)}</Text> : null}
            </Text>
            {tail ? (
              <Box paddingLeft={2}>
                <Text {...(step.state === 'failed' ? palette.error : palette.muted)} wrap="wrap">
                  {text(tail)}
                </Text>
              </Box>
            ) : null}
            {step.state === 'failed' && step.hint ? (
              <Box paddingLeft={2}>
                <Text wrap="wrap">{text(step.hint)}</Text>
              </Box>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

/**
 * The typed-name confirmation of an irreversible step (a delete, a capture): the prompt naming
 * what to type, the line being typed with its cursor, and what was wrong with the last try.
 * The keys are the caller's (its text field owns the keyboard); this only draws.
 */
import { Text } from 'ink';
import { sanitize } from '../../domain/text.js';
import { usePalette } from '../theme.js';

export interface TypedNameProps {
  /** `Type its name to confirm` */
  prompt: string;
  /** The name to type, shown in bold after the prompt. */
  name: string;
  typed: string;
  /** Shown under the line after a wrong try. */
  mismatch?: string;
}

export function TypedName({ prompt, name, typed, mismatch }: TypedNameProps) {
  const palette = usePalette();
  return (
    <>
      <Text wrap="truncate-end">
        {prompt} (<Text bold>{sanitize(name)}</Text>):
      </Text>
      <Text wrap="truncate-start">
        <Text {...palette.key}>› </Text>
        {typed}
        <Text inverse> </Text>
      </Text>
      {mismatch ? (
        <Text wrap="wrap" {...palette.warning}>
          {mismatch}
        </Text>
      ) : null}
    </>
  );
}

/** Waiting for a call that must fail the way the data layer fails: with an AzureError. */
import { expect } from 'vitest';
import { AzureError } from '../../src/domain/errors.js';

/** The AzureError `p` rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(p: Promise<unknown>): Promise<AzureError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AzureError);
    return e as AzureError;
  }
  throw new Error('expected the call to fail');
}

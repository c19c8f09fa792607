/**
 * The error mapper on the failures the SDKs produce that no emulator answer can: sign-in chains
 * and long non-ARM error texts. Real error classes from @azure/identity, no mocks of the SDK.
 */
import { AggregateAuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { toAzureError } from '../../src/azure/errors.js';
import { describeError } from '../../src/domain/errors.js';

describe('sign-in failures', () => {
  it("names each credential's reason, one short clause each, without links, tokens or stacks", () => {
    const chain = new AggregateAuthenticationError(
      [
        new CredentialUnavailableError('EnvironmentCredential is unavailable. Environment variables are not fully configured. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.'),
        new CredentialUnavailableError('ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.'),
        new CredentialUnavailableError(`AzureCliCredential: Please run 'az login' from a command prompt to authenticate before using this credential. token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln ${'x'.repeat(500)}`),
      ],
      'ChainedTokenCredential authentication failed.',
    );
    const e = toAzureError(chain);
    expect(e).toMatchObject({ code: 'CredentialUnavailable', kind: 'auth' });
    const line = describeError(e);
    expect(line).not.toContain('\n');
    expect(line).toContain('EnvironmentCredential is unavailable. Environment variables are not fully configured.');
    expect(line).toContain('ManagedIdentityCredential: Authentication failed.');
    expect(line).toContain("AzureCliCredential: Please run 'az login'");
    expect(line).not.toMatch(/https?:|eyJ|\n\s+at /);
    expect(line.split('; ')).toHaveLength(3);
    for (const reason of e.message.split('; ')) expect(reason.length).toBeLessThanOrEqual(200);
    expect(e.hint).toMatch(/az login/);
  });
});

describe('non-ARM errors', () => {
  it('echoes at most a short excerpt of a body that is not ARM’s error envelope', () => {
    const body = `<html>${'y'.repeat(300_000)}</html>`;
    const e = toAzureError({ name: 'RestError', statusCode: 502, message: body, response: { status: 502, bodyAsText: body } });
    expect(e).toMatchObject({ code: 'Http502', kind: 'server', status: 502 });
    expect(e.message).toMatch(/^Azure answered HTTP 502: "<html>y+…"\.$/);
    expect(e.message.length).toBeLessThan(260);
  });

  it('says a broken read in plain words when nothing retried it', () => {
    const e = toAzureError({ name: 'RestError', code: 'PARSE_ERROR', message: 'Error reading response as text: aborted', request: { url: 'https://management.azure.com/x' } });
    expect(e.code).toBe('ConnectionCut');
    expect(e.message).toBe('The connection to management.azure.com was cut while reading the answer; tried once.');
  });
});

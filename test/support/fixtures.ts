/**
 * Access to Microsoft's REST examples and recorded real Azure traffic in ../shared/fixtures/arm/.
 * They are read in place, never copied into the repo. Where ../shared is absent, the tests that
 * need them are skipped with a visible note instead of failing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
/** `<repo>/../shared/fixtures/arm`, or AZIMG_FIXTURES if set. */
export const FIXTURES_DIR = process.env.AZIMG_FIXTURES ?? resolve(here, '..', '..', '..', 'shared', 'fixtures', 'arm');
export const HAVE_FIXTURES = existsSync(join(FIXTURES_DIR, 'SOURCES.md'));

if (!HAVE_FIXTURES) {
  // Visible in the test output: a skip must never look like a pass.
  process.stderr.write(`\nNOTE: ${FIXTURES_DIR} is absent: tests against recorded Azure traffic are SKIPPED.\n\n`);
}

export function fixturePath(rel: string): string {
  return join(FIXTURES_DIR, rel);
}

/** A Microsoft x-ms-examples file: `{parameters, responses: {"200": {body, headers}}}`. */
export interface SpecExample {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

export function readSpecExample(rel: string): SpecExample {
  return JSON.parse(readFileSync(fixturePath(rel), 'utf8')) as SpecExample;
}

/** One request/response pair of a recording, normalised across the vcrpy and test-proxy formats. */
export interface RecordedExchange {
  method: string;
  uri: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number;
  /** Header names lower-cased; multi-valued headers joined with ', '. */
  headers: Record<string, string>;
  /** Raw body text as recorded. */
  body: string;
}

function flatten(h: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/** An azure-cli vcrpy cassette (`azure-cli-recordings/*.yaml`). */
export function readCassette(rel: string): RecordedExchange[] {
  const doc = parseYaml(readFileSync(fixturePath(rel), 'utf8')) as {
    interactions: {
      request: { method: string; uri: string; headers?: Record<string, unknown>; body?: string | null };
      response: { status: { code: number }; headers?: Record<string, unknown>; body?: { string?: string } };
    }[];
  };
  return doc.interactions.map((i) => ({
    method: i.request.method,
    uri: i.request.uri,
    requestHeaders: flatten(i.request.headers),
    requestBody: i.request.body ?? undefined,
    status: i.response.status.code,
    headers: flatten(i.response.headers),
    body: i.response.body?.string ?? '',
  }));
}

/** An azure-sdk-for-js test-proxy recording (`azure-sdk-for-js-recordings/*.json`). */
export function readSdkRecording(rel: string): RecordedExchange[] {
  const doc = JSON.parse(readFileSync(fixturePath(rel), 'utf8')) as {
    Entries: {
      RequestUri: string;
      RequestMethod: string;
      RequestHeaders: Record<string, unknown>;
      RequestBody: unknown;
      StatusCode: number;
      ResponseHeaders: Record<string, unknown>;
      ResponseBody: unknown;
    }[];
  };
  return doc.Entries.map((e) => ({
    method: e.RequestMethod,
    uri: e.RequestUri,
    requestHeaders: flatten(e.RequestHeaders),
    requestBody: e.RequestBody == null ? undefined : JSON.stringify(e.RequestBody),
    status: e.StatusCode,
    headers: flatten(e.ResponseHeaders),
    body: e.ResponseBody == null ? '' : typeof e.ResponseBody === 'string' ? e.ResponseBody : JSON.stringify(e.ResponseBody),
  }));
}

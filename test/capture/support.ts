/**
 * `azimg capture` run in-process against the demo emulator through the real SDK services, as the
 * entry point wires it (session services wrapped in trackWrites), with an output that records
 * what a user would read and lets a test act on a line as it appears (Ctrl-C at a given step).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createOperationLog, trackWrites, type OperationLog } from '../../src/domain/operations.js';
import type { Services } from '../../src/domain/services.js';
import { runCapture, type CaptureArgs, type CaptureDeps } from '../../src/shell/capture.js';
import type { Output } from '../../src/shell/output.js';
import { startDemoServices, type Demo } from '../support/services.js';

export interface Recorded extends Output {
  stdout: string;
  stderr: string;
}

export function recorder(onErr?: (line: string) => void): Recorded {
  const r: Recorded = {
    stdout: '',
    stderr: '',
    out: (t) => {
      r.stdout += t.endsWith('\n') ? t : `${t}\n`;
    },
    err: (t) => {
      r.stderr += t.endsWith('\n') ? t : `${t}\n`;
      for (const line of t.split('\n')) if (line) onErr?.(line);
    },
  };
  return r;
}

export interface Session {
  demo: Demo;
  services: Services;
  log: OperationLog;
}

export async function session(readOnly = false): Promise<Session> {
  const demo = await startDemoServices({ readOnly });
  const log = createOperationLog();
  return { demo, services: trackWrites(demo.services, log), log };
}

/** The words a user types, parsed as the entry point does (`--no-snapshot` → snapshot: false). */
export function argsOf(line: string): CaptureArgs {
  const words = line.trim().split(/\s+/);
  if (words[0] === 'azimg') words.shift();
  if (words[0] === 'capture') words.shift();
  const a: CaptureArgs = { snapshot: true };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const value = () => words[++i]!;
    if (w === '--vm') a.vm = value();
    else if (w === '--to') a.to = value();
    else if (w === '--regions') a.regions = value();
    else if (w === '--generalized') a.generalized = true;
    else if (w === '--specialized') a.specialized = true;
    else if (w === '--no-snapshot') a.snapshot = false;
    else if (w === '--guest-prepared') a.guestPrepared = true;
    else if (w === '--plan') a.plan = true;
    else if (w === '--yes') a.yes = true;
    else if (w === '--json') a.json = true;
    else throw new Error(`unknown word ${w}`);
  }
  return a;
}

export function deps(over: Partial<CaptureDeps> = {}): CaptureDeps {
  return { wait: (ms, signal) => sleep(ms, undefined, { signal }), stoppedPollMs: 5, ...over };
}

export async function capture(s: Session, line: string, over: Partial<CaptureDeps> = {}, onErr?: (line: string) => void) {
  const out = recorder(onErr);
  const code = await runCapture(s.services, argsOf(line), out, deps(over));
  return { code, stdout: out.stdout, stderr: out.stderr };
}

/** Writes the emulator saw (what --plan and --read-only must never send). */
export function writes(demo: Demo, since = 0) {
  return demo.emulator.requests.slice(since).filter((r) => r.method !== 'GET');
}

/** Until every operation the emulator started has finished (reads move its clock along). */
export async function settled(s: Session, rg: string, vm: string): Promise<void> {
  for (;;) {
    await s.demo.services.vms.getVm(rg, vm);
    if (s.demo.emulator.world.estate.operations.all().every((o) => o.completed)) return;
    await sleep(5);
  }
}

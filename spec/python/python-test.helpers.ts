import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Clock } from '../../lib/core/clock.types';
import type { ToolContext } from '../../lib/core/tool.types';
import type { PythonToolOutput } from '../../lib/python/python-tools.options';
import type { PythonToolSet } from '../../lib/python/python-tool.set';
import type { PythonToolDefinition } from '../../lib/python/python-tool.definition';

/** Absolute path of a fixture directory in spec/python/fixtures. */
export function fixture(...parts: string[]): string {
  return path.join(__dirname, 'fixtures', ...parts);
}

/** A ToolContext for direct `execute()` calls. */
export function toolContext(callId = 'call-1', signal: AbortSignal = new AbortController().signal): ToolContext {
  return { context: undefined, signal, messages: [], callId };
}

/** The tool named `name`, or a failing test. */
export function toolNamed(set: PythonToolSet, name: string): PythonToolDefinition {
  const found = set.tools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name} in ${set.tools.map((t) => t.name).join(', ')}`);
  return found;
}

/** Collects logger output and lets a test wait for a given line. */
export class OutputRecorder {
  readonly lines: PythonToolOutput[] = [];
  private waiters: { match: (o: PythonToolOutput) => boolean; resolve: () => void }[] = [];

  readonly logger = (output: PythonToolOutput): void => {
    this.lines.push(output);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(output)) return true;
      w.resolve();
      return false;
    });
  };

  /** Resolves when a line matching `match` has arrived (or already had). */
  waitFor(match: (o: PythonToolOutput) => boolean): Promise<void> {
    if (this.lines.some(match)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

/** Whether a process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) succeeded
  }
}

/** Polls until `pid` is gone; false if it is still alive after `withinMs`. */
export async function waitUntilGone(pid: number, withinMs = 5000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !isAlive(pid);
}

/** A clock whose timers fire only when the test says so. */
export class ManualClock implements Clock {
  private timers = new Map<number, () => void>();
  private next = 0;

  now(): number {
    return 0;
  }

  sleep(): Promise<void> {
    return new Promise(() => undefined);
  }

  setTimer(fn: () => void): () => void {
    const id = ++this.next;
    this.timers.set(id, fn);
    return () => this.timers.delete(id);
  }

  /** Number of timers waiting. */
  get waiting(): number {
    return this.timers.size;
  }

  /** Fires every waiting timer. */
  fireAll(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const fn of due) fn();
  }
}

import type { Clock } from '../core/clock.types';

/** One line a Python tool (or the host) wrote to stdout or stderr. */
export interface PythonToolOutput {
  readonly stream: 'stdout' | 'stderr';
  /** The line, without its newline. */
  readonly text: string;
  /** The tool that was running, when the line came from a call. */
  readonly toolName?: string;
  /** `ToolContext.callId` of that call. */
  readonly callId?: string;
}

/** Receives what Python tools print. */
export type PythonOutputLogger = (output: PythonToolOutput) => void;

/** Options of `loadPythonTools()`. */
export interface PythonToolsOptions {
  /** Interpreter command or path. Default: `CHAT_TS_PYTHON`, else `python3` on PATH. */
  readonly interpreter?: string;
  /** Also import `*.py` in subdirectories. Default false. */
  readonly recursive?: boolean;
  /** Per-call timeout in ms; 0 for none. Default 60 000. */
  readonly timeoutMs?: number;
  /** How long discovery (importing the files) may take, in ms. Default 30 000. */
  readonly startupTimeoutMs?: number;
  /** Receives tool stdout/stderr line by line. Default: written to `process.stderr` with a `[python <tool>]` prefix. */
  readonly logger?: PythonOutputLogger;
  /** Time source for timeouts. Default `systemClock`. */
  readonly clock?: Clock;
  /** Threads for plain (non-`async`) functions. Default Python's `min(32, cpus + 4)`. */
  readonly maxWorkers?: number;
  /** Environment of the host process (also where `CHAT_TS_PYTHON` is read). Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The default logger: each line to `process.stderr`, prefixed with the tool name. */
export const stderrPythonLogger: PythonOutputLogger = (output) => {
  process.stderr.write(`[python${output.toolName ? ` ${output.toolName}` : ''}] ${output.text}\n`);
};

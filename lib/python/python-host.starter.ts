import type { Clock } from '../core/clock.types';
import type { JsonValue } from '../core/json.types';
import { ChatError } from '../errors/chat.error';
import { PythonInterpreterError } from '../errors/python-interpreter.error';
import { TimeoutError } from '../errors/timeout.error';
import type { HostFatalMessage, HostReadyMessage } from './host-protocol.types';
import { PythonHostProcess, type HostExit, type HostProcessListener } from './python-host.process';
import type { ResolvedInterpreter } from './python-interpreter.resolver';

/** Everything needed to start a host, again and again (it restarts after a crash). */
export interface HostLaunch {
  readonly interpreter: ResolvedInterpreter;
  readonly script: string;
  /** Sent to the host as its first argument. */
  readonly config: { readonly directories: readonly string[]; readonly recursive: boolean; readonly maxWorkers?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly startupTimeoutMs: number;
}

/** A host that finished discovery. */
export interface StartedHost {
  readonly process: PythonHostProcess;
  readonly ready: HostReadyMessage;
}

function startupFailure(launch: HostLaunch, exit: HostExit, fatal: HostFatalMessage | undefined): ChatError {
  const { interpreter } = launch;
  const base = { interpreter: interpreter.command, source: interpreter.source };
  if (exit.spawnError?.code === 'ENOENT') {
    return new PythonInterpreterError(
      `Python interpreter not found: looked for ${interpreter.description}. Install Python 3.9 or newer, or name one with the interpreter option or CHAT_TS_PYTHON.`,
      { ...base, cause: exit.spawnError },
    );
  }
  if (exit.spawnError) {
    return new PythonInterpreterError(
      `Cannot run the Python interpreter ${interpreter.description}: ${exit.spawnError.code ?? exit.spawnError.message}`,
      { ...base, cause: exit.spawnError },
    );
  }
  if (fatal) {
    const resolved = fatal.executable && fatal.executable !== interpreter.command ? ` (${fatal.executable})` : '';
    return new PythonInterpreterError(
      `Python ${fatal.version} is too old for chat-ts Python tools, which need ${fatal.required} or newer: found ${interpreter.description}${resolved}.`,
      { ...base, version: fatal.version },
    );
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const details: JsonValue = { exitCode: exit.code, signal: exit.signal, stderr: exit.stderrTail };
  return new PythonInterpreterError(
    `The Python interpreter ${interpreter.description} could not start the chat-ts host: it ${how}${exit.stderrTail ? `:\n${exit.stderrTail}` : ''}`,
    { ...base, details },
  );
}

/**
 * Spawns a host and resolves when discovery is done. Rejects with `PythonInterpreterError` when the
 * interpreter is missing, too old or dies first, and with `TimeoutError` after `startupTimeoutMs`.
 * Messages other than `ready`/`fatal` (output printed at import time) go to `listener`.
 */
export function startHost(
  launch: HostLaunch,
  listener: HostProcessListener,
  onSpawn: (process: PythonHostProcess) => void,
): Promise<StartedHost> {
  return new Promise<StartedHost>((resolve, reject) => {
    let fatal: HostFatalMessage | undefined;
    let settled = false;
    let cancelTimer = (): void => undefined;
    const process: PythonHostProcess = new PythonHostProcess(
      { command: launch.interpreter.command, args: ['-u', '-B', launch.script, JSON.stringify(launch.config)], env: launch.env },
      {
        message: (message) => {
          if (message.type === 'fatal') fatal = message;
          else if (message.type !== 'ready') listener.message(message);
          else if (!settled) {
            settled = true;
            cancelTimer();
            resolve({ process, ready: message });
          }
        },
        stderr: (line) => listener.stderr(line),
        noise: (line) => listener.noise(line),
      },
    );
    onSpawn(process);
    process.hold(true);
    if (launch.startupTimeoutMs > 0) {
      cancelTimer = launch.clock.setTimer(() => {
        if (settled) return;
        settled = true;
        process.kill();
        reject(
          new TimeoutError(
            `Python tools in ${launch.config.directories.join(', ')} took more than ${launch.startupTimeoutMs} ms to import`,
          ),
        );
      }, launch.startupTimeoutMs);
    }
    void process.exited.then((exit) => {
      if (settled) return;
      settled = true;
      cancelTimer();
      reject(startupFailure(launch, exit, fatal));
    });
  });
}

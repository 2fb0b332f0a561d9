import type { ToolCallPart, ToolErrorKind, ToolResultPart } from '../core/content-part.types';
import type { JsonValue } from '../core/json.types';
import type { Message } from '../core/message.types';
import type { ToolDefinition, ToolProgressUpdate } from '../core/tool.types';
import { ToolCallDeniedError } from '../errors/tool-call-denied.error';
import { ToolProgressError } from '../errors/tool-progress.error';
import { linkedController } from './abort.helpers';
import { errorMessageOf, toolErrorText, type ToolErrorPolicy } from './tool-error.policy';

/** What the run gives every tool it executes. */
export interface ToolRunEnvironment {
  readonly context: unknown;
  /** The run's signal; each tool gets a child of it. */
  readonly signal: AbortSignal;
  /** The conversation as it stands when the tool starts. */
  readonly messages: () => readonly Message[];
  /** What the model is told when the tool throws (default: its message only). */
  readonly toolErrors?: ToolErrorPolicy;
  /** Takes the progress a tool reports while it runs (`tool-progress` events); absent: tools get no `reportProgress`. */
  readonly onProgress?: (call: ToolCallPart, update: ToolProgressUpdate) => void;
}

/** The `reportProgress` a tool gets: checks the update, and forwards it only while `live()` (reports after the call ended are dropped). */
function progressReporter(call: ToolCallPart, env: ToolRunEnvironment, live: () => boolean): ((update: ToolProgressUpdate) => void) | undefined {
  const onProgress = env.onProgress;
  if (!onProgress) return undefined;
  return (update) => {
    if (!live()) return;
    const { progress, total, message } = update ?? ({} as Partial<ToolProgressUpdate>);
    if (typeof progress !== 'number' || !Number.isFinite(progress) || (total !== undefined && (typeof total !== 'number' || !Number.isFinite(total)))) {
      throw new ToolProgressError(`"${call.name}" reported progress that is not a finite number (progress: ${String(progress)}, total: ${String(total)})`);
    }
    if (message !== undefined && typeof message !== 'string') throw new ToolProgressError(`"${call.name}" reported a progress message that is not a string`);
    onProgress(call, { progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) });
  };
}

/** An error result the model sees (and the caller, through `isError` and `error.kind`). */
export function errorResult(call: ToolCallPart, kind: ToolErrorKind, message: string, details?: JsonValue): ToolResultPart {
  return {
    type: 'tool-result',
    callId: call.id,
    name: call.name,
    content: message,
    isError: true,
    error: details === undefined ? { kind, message } : { kind, message, details },
  };
}

/** Strings as they are, anything else as JSON (`undefined` as `null`). */
export function serialiseResult(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value === undefined ? null : value) ?? 'null';
}

const describe = errorMessageOf;

/** Outcome of checking a call's arguments: the validated value, or the error result to send. */
export type ArgumentsOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly result: ToolResultPart };

/**
 * Checks a call before it may run: the tool exists, the arguments parsed as JSON, and the tool's
 * own validation accepts them (`args` overrides the model's arguments: an approver's edit).
 */
export async function checkArguments(call: ToolCallPart, tool: ToolDefinition | undefined, names: () => string[], args: JsonValue = call.arguments): Promise<ArgumentsOutcome> {
  if (!tool) {
    const known = names();
    const list = known.length ? `Available tools: ${known.join(', ')}` : 'No tools are available';
    return { ok: false, result: errorResult(call, 'unknown-tool', `Unknown tool "${call.name}". ${list}.`) };
  }
  if (call.rawArguments !== undefined && args === call.arguments) {
    return { ok: false, result: errorResult(call, 'invalid-arguments', `The arguments of "${call.name}" are not valid JSON: ${call.rawArguments}`) };
  }
  try {
    const check = await tool.validate(args);
    if (check.ok) return { ok: true, value: check.value };
    return { ok: false, result: errorResult(call, 'validation', `Invalid arguments for "${call.name}": ${check.message}`, check.details) };
  } catch (error) {
    return { ok: false, result: errorResult(call, 'validation', `Invalid arguments for "${call.name}": ${describe(error)}`) };
  }
}

/**
 * Runs one validated call. Never throws: a failure, or an abort of the run, becomes an error
 * result (a thrown error's text follows `env.toolErrors`). The call itself is not changed: its
 * status is the tool step's to move (see `turn.machine.ts`).
 */
export async function executeTool(call: ToolCallPart, tool: ToolDefinition, value: unknown, env: ToolRunEnvironment): Promise<ToolResultPart> {
  const link = linkedController(env.signal);
  let aborted: () => void = () => undefined;
  const abortedResult = new Promise<ToolResultPart>((resolve) => {
    aborted = () => resolve(errorResult(call, 'aborted', `"${call.name}" was aborted before it finished`));
    if (link.signal.aborted) aborted();
    else link.signal.addEventListener('abort', aborted, { once: true });
  });
  let running = true;
  const reportProgress = progressReporter(call, env, () => running && !link.signal.aborted);
  const run = (async (): Promise<ToolResultPart> => {
    try {
      const context = { context: env.context, signal: link.signal, messages: env.messages(), callId: call.id };
      const output = await tool.execute(value, reportProgress ? { ...context, reportProgress } : context);
      if (link.signal.aborted) return errorResult(call, 'aborted', `"${call.name}" was aborted before it finished`);
      try {
        return { type: 'tool-result', callId: call.id, name: call.name, content: serialiseResult(output) };
      } catch (error) {
        return errorResult(call, 'execution', `The result of "${call.name}" could not be serialised: ${describe(error)}`);
      }
    } catch (error) {
      if (link.signal.aborted) return errorResult(call, 'aborted', `"${call.name}" was aborted before it finished`);
      if (ToolCallDeniedError.is(error)) return errorResult(call, 'denied', error.message);
      return errorResult(call, 'execution', toolErrorText(env.toolErrors, error, call));
    }
  })();
  try {
    const result = await Promise.race([run, abortedResult]);
    return result;
  } finally {
    running = false; // progress reported from now on would follow the result: dropped
    link.signal.removeEventListener('abort', aborted);
    link.dispose();
  }
}

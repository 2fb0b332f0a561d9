import type { Message } from '../core/message.types';
import type { Usage } from '../core/usage.types';
import { OutputValidationError } from '../errors/output-validation.error';
import type { TurnSoFar } from './input/input-turn';
import type { RunSettings } from './run-settings';
import { checkOutput, repairMessage } from './structured-output';
import { textOf } from './turn.helpers';
import type { TurnMachine } from './turn.machine';

/** What the repair step needs from its run. */
export interface RepairHost<T> {
  readonly settings: RunSettings<T>;
  readonly machine: TurnMachine;
  readonly usage: Usage;
  turnSoFar(): TurnSoFar;
  /** Input streaming: keeps an answer that ended while new input waited (true); the input is answered next. */
  keepAnswer(message: Message): boolean;
}

/** The checked final answer: its structured `value` (`undefined` for a chat without structured output). */
export interface FinalAnswer<T> {
  readonly value: T | undefined;
}

/**
 * The `repairing` step of a turn: checks a final answer against the structured output, and while
 * attempts are left, keeps an invalid one aside with a repair request (the turn moves `streaming`
 * → `repairing`; the next request moves it on to `requesting`). Out of attempts: `failed`, with an
 * `OutputValidationError`.
 */
export class RepairStep<T> {
  private left: number;

  constructor(private readonly host: RepairHost<T>) {
    this.left = host.settings.repairAttempts;
  }

  /** New input was merged: the answer to it gets every attempt again. */
  reset(): void {
    this.left = this.host.settings.repairAttempts;
  }

  /** The final answer, or `undefined` when another request follows (a repair, or waiting input). */
  async check(message: Message): Promise<FinalAnswer<T> | undefined> {
    const { settings, machine } = this.host;
    const spec = settings.output;
    const text = textOf(message);
    const check = spec ? await checkOutput(spec, text) : undefined;
    if (this.host.keepAnswer(message)) {
      machine.to('requesting');
      return undefined;
    }
    if (!spec || !check) return { value: undefined };
    if (check.ok) return { value: check.value };
    if (this.left > 0) {
      this.left--;
      machine.to('repairing');
      this.host.turnSoFar().scratch.push(message, repairMessage(spec, check.message));
      return undefined;
    }
    machine.to('failed');
    const attempts = settings.repairAttempts + 1;
    throw new OutputValidationError(`The structured output "${spec.name}" was still invalid after ${attempts} attempt(s): ${check.message}`, text, check.errors, attempts, {
      provider: settings.provider.id,
      usage: this.host.usage,
    });
  }
}

import { tap, type MonoTypeOperatorFunction } from 'rxjs';
import type { StreamEvent } from '../../lib';

/** Prints a chat stream as it arrives: reasoning as `[thinking] …`, tool calls and results, answer text. */
export function printEvents<T>(): MonoTypeOperatorFunction<StreamEvent<T>> {
  let thinking = false;
  return tap((event) => {
    if (event.type === 'reasoning-delta') {
      if (!thinking) process.stdout.write('\n[thinking] ');
      thinking = true;
      process.stdout.write(event.delta);
      return;
    }
    if (thinking && event.type !== 'usage') {
      thinking = false;
      process.stdout.write('\n');
    }
    if (event.type === 'tool-call-end') console.log(`[tool call] ${event.call.name}(${JSON.stringify(event.call.arguments)})`);
    if (event.type === 'tool-result') console.log(`[tool result] ${event.result.content}`);
    if (event.type === 'text-delta') process.stdout.write(event.delta);
  });
}

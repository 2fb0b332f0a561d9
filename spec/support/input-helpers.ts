import { Subject, type Observable } from 'rxjs';
import type { JsonValue } from '../../lib/core/json.types';
import type { Message } from '../../lib/core/message.types';
import type { StreamEvent } from '../../lib/core/stream-event.types';
import type { UserInput } from '../../lib/chat';

/** One line per Responses `input` item of a recorded request body: `user: …`, `assistant: …`, `call name`, `result name: …`. */
export function wireTranscript(body: JsonValue): string[] {
  const items = ((body as { input?: unknown } | null)?.input ?? []) as Array<Record<string, unknown>>;
  return items.map((item) => {
    if (item.type === 'function_call') return `call ${String(item.name)}`;
    if (item.type === 'function_call_output') return `result ${String(item.call_id)}: ${String(item.output)}`;
    const content = item.content;
    const text = typeof content === 'string' ? content : ((content ?? []) as Array<{ text?: string }>).map((c) => c.text ?? '').join('');
    return `${String(item.role)}: ${text}`;
  });
}

/** One line per message: `role[status]: text`, tool results as `tool: name=content`. */
export function transcript(messages: Iterable<Message>): string[] {
  return [...messages].map((m) => {
    const body = m.parts
      .map((p) => {
        if (p.type === 'text') return p.text;
        if (p.type === 'tool-call') return `<call ${p.name} ${p.status}>`;
        if (p.type === 'tool-result') return `${p.name}=${p.content}`;
        return `<${p.type}>`;
      })
      .join('');
    const flags = [m.status, m.queued ? 'queued' : undefined].filter(Boolean).join(',');
    return `${m.role}${flags ? `[${flags}]` : ''}: ${body}`;
  });
}

/** A stream driven by a test: its events so far, the input subject, and the end of the stream. */
export interface DrivenStream<T> {
  readonly events: StreamEvent<T>[];
  readonly input: Subject<UserInput>;
  /** Resolves with the events when the stream completes; rejects when it errors. */
  readonly done: Promise<StreamEvent<T>[]>;
  /** Resolves at the first event matching `predicate` (already seen or future). */
  when(predicate: (event: StreamEvent<T>, index: number) => boolean): Promise<StreamEvent<T>>;
  unsubscribe(): void;
}

/** Subscribes to a stream built from an input subject, recording every event. */
export function drive<T>(start: (input: Observable<UserInput>) => Observable<StreamEvent<T>>): DrivenStream<T> {
  const input = new Subject<UserInput>();
  const events: StreamEvent<T>[] = [];
  const waiters: Array<{ predicate: (event: StreamEvent<T>, index: number) => boolean; resolve: (event: StreamEvent<T>) => void }> = [];
  let resolveDone!: (events: StreamEvent<T>[]) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<StreamEvent<T>[]>((resolve, reject) => ((resolveDone = resolve), (rejectDone = reject)));
  done.catch(() => undefined);
  const subscription = start(input).subscribe({
    next: (event) => {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(event, events.length - 1)) waiters.splice(waiters.indexOf(waiter), 1), waiter.resolve(event);
      }
    },
    error: (error: unknown) => rejectDone(error),
    complete: () => resolveDone(events),
  });
  return {
    events,
    input,
    done,
    when(predicate) {
      const seen = events.find((e, i) => predicate(e, i));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    unsubscribe: () => subscription.unsubscribe(),
  };
}

/** The `type`s of events, without the model's deltas and usage (the input-streaming story). */
export function story<T>(events: readonly StreamEvent<T>[]): string[] {
  const noise = new Set(['text-delta', 'reasoning-delta', 'usage', 'tool-call-delta', 'tool-call-start', 'tool-call-end', 'warning']);
  return events.filter((e) => !noise.has(e.type)).map((e) => e.type);
}

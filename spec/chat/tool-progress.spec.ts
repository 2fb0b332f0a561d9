import { IsInt, IsString, Max, Min } from 'class-validator';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { ChatBuilder, Messages } from '../../lib';
import type { StreamEvent, ToolProgressEvent, ToolResultEvent } from '../../lib/core/stream-event.types';
import type { ToolContext, ToolProgressUpdate } from '../../lib/core/tool.types';
import { Tool } from '../../lib/decorators';
import { ToolProgressError } from '../../lib/errors';
import { configureSchemas, resetSchemaSettings } from '../../lib/schema';
import { collectTools } from '../../lib/tools';
import type { ProviderEmulator } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';
import { useEmulator } from '../support/emulator-suite';

class IndexArgs {
  @IsString() folder!: string;
  @IsInt() @Min(1) @Max(20) files!: number;
}

class ReportArgs {
  @IsString() what!: string;
}

/** A deferred the test resolves from the stream's subscriber. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Plain `@Tool()` methods that report progress through their `ToolContext`. */
class IndexTools {
  /** Whether each run got a reporter (by call id). */
  readonly hadReporter = new Map<string, boolean>();
  /** The reporter of the last `quick_note` call, kept past its end. */
  stale?: (update: ToolProgressUpdate) => void;
  /** Resolved by the test once `quick_note`'s result reached the subscriber. */
  quickDone = deferred();
  staleOutcome = '';

  @Tool({ description: 'Indexes the files of a folder.' })
  async index_folder(args: IndexArgs, context: ToolContext): Promise<string> {
    this.hadReporter.set(context.callId, context.reportProgress !== undefined);
    for (let i = 1; i <= args.files; i++) {
      await Promise.resolve();
      context.reportProgress?.({ progress: i, total: args.files, message: `${args.folder}/file-${i}` });
    }
    return `indexed ${args.files} files of ${args.folder}`;
  }

  @Tool({ description: 'Takes a note at once.' })
  quick_note(args: ReportArgs, context: ToolContext): string {
    this.stale = context.reportProgress;
    return `noted ${args.what}`;
  }

  @Tool({ description: 'Reports progress late: after quick_note ended, through quick_note\'s reporter, then its own.' })
  async late_report(args: ReportArgs, context: ToolContext): Promise<string> {
    await this.quickDone.promise;
    try {
      this.stale?.({ progress: 99, message: 'too late' });
      this.staleOutcome = 'ignored';
    } catch (error) {
      this.staleOutcome = (error as Error).constructor.name;
    }
    context.reportProgress?.({ progress: 1, message: args.what });
    return 'late done';
  }

  @Tool({ description: 'Reports nonsense progress.' })
  bad_progress(args: ReportArgs, context: ToolContext): string {
    context.reportProgress?.({ progress: Number.NaN, message: args.what });
    return 'unreachable';
  }

  @Tool({ description: 'Catches the error of a bad progress report.' })
  careful_progress(args: ReportArgs, context: ToolContext): string {
    try {
      context.reportProgress?.({ progress: 1, total: Number.POSITIVE_INFINITY });
      return 'accepted';
    } catch (error) {
      return error instanceof ToolProgressError ? `refused: ${error.message}` : 'other error';
    }
  }
}

const progressOf = (events: readonly StreamEvent[]) => events.filter((e): e is ToolProgressEvent => e.type === 'tool-progress');
const resultOf = (events: readonly StreamEvent[], callId: string) => events.findIndex((e) => e.type === 'tool-result' && e.result.callId === callId);

describe('tool progress: ToolContext.reportProgress becomes tool-progress stream events', () => {
  let emulator: ProviderEmulator;
  let tools: IndexTools;
  useEmulator((e) => (emulator = e), {}, () => (tools = new IndexTools()));
  beforeAll(() => configureSchemas({ runtimeSchemaWarnings: false }));
  afterAll(() => resetSchemaSettings());

  const chat = () => new ChatBuilder().withModel(responsesAt(emulator, 'progress')).withTools(collectTools(tools)).withRetry(false).build();
  const script = (replies: Parameters<ProviderEmulator['script']>[0]) => emulator.script(replies, 'progress');

  it('a @Tool() method\'s reports reach the stream in order, between its call and its result, with the call\'s id and name', async () => {
    script([{ toolCalls: [{ id: 'idx-1', name: 'index_folder', arguments: { folder: 'docs', files: 3 } }] }, { text: 'Indexed.' }]);
    const events = await lastValueFrom(chat().stream(Messages.fromUser('index docs')).pipe(toArray()));
    expect(progressOf(events)).toEqual([
      { type: 'tool-progress', callId: 'idx-1', name: 'index_folder', progress: 1, total: 3, message: 'docs/file-1' },
      { type: 'tool-progress', callId: 'idx-1', name: 'index_folder', progress: 2, total: 3, message: 'docs/file-2' },
      { type: 'tool-progress', callId: 'idx-1', name: 'index_folder', progress: 3, total: 3, message: 'docs/file-3' },
    ]);
    const types = events.map((e) => e.type);
    const firstProgress = types.indexOf('tool-progress');
    expect(types.lastIndexOf('tool-call-end')).toBeLessThan(firstProgress);
    expect(types.lastIndexOf('tool-progress')).toBeLessThan(resultOf(events, 'idx-1'));
    expect((events[resultOf(events, 'idx-1')] as ToolResultEvent).result.content).toBe('indexed 3 files of docs');
    expect(events.at(-1)).toMatchObject({ type: 'finish', status: 'completed' });
    // progress is not part of the conversation, nor of what the model is sent next
    expect(JSON.stringify(emulator.requests('progress')[1].body)).not.toContain('docs/file-2');
  });

  it('complete() gives tools no reporter, and their result is the same', async () => {
    script([{ toolCalls: [{ id: 'idx-2', name: 'index_folder', arguments: { folder: 'src', files: 2 } }] }, { text: 'Done.' }]);
    const response = await chat().complete(Messages.fromUser('index src'));
    expect(response.text).toBe('Done.');
    expect(tools.hadReporter.get('idx-2')).toBe(false);
    expect(response.messages?.flatMap((m) => m.parts).find((p) => p.type === 'tool-result')).toMatchObject({ callId: 'idx-2', content: 'indexed 2 files of src' });
  });

  it('parallel calls: each report carries its own call, and comes before that call\'s result', async () => {
    script([
      {
        toolCalls: [
          { id: 'a', name: 'index_folder', arguments: { folder: 'a', files: 4 } },
          { id: 'b', name: 'index_folder', arguments: { folder: 'b', files: 2 } },
        ],
      },
      { text: 'Both indexed.' },
    ]);
    const events = await lastValueFrom(chat().stream(Messages.fromUser('index a and b')).pipe(toArray()));
    const progress = progressOf(events);
    expect(progress.filter((p) => p.callId === 'a').map((p) => p.message)).toEqual(['a/file-1', 'a/file-2', 'a/file-3', 'a/file-4']);
    expect(progress.filter((p) => p.callId === 'b').map((p) => p.message)).toEqual(['b/file-1', 'b/file-2']);
    for (const id of ['a', 'b']) {
      const lastReport = events.reduce((last, e, i) => (e.type === 'tool-progress' && e.callId === id ? i : last), -1);
      expect(lastReport).toBeLessThan(resultOf(events, id));
    }
  });

  it('a report made after the call ended is dropped (no event after its result), and does not throw', async () => {
    script([
      {
        toolCalls: [
          { id: 'quick', name: 'quick_note', arguments: { what: 'milk' } },
          { id: 'late', name: 'late_report', arguments: { what: 'working' } },
        ],
      },
      { text: 'Noted.' },
    ]);
    const events = await lastValueFrom(
      chat()
        .stream(Messages.fromUser('note milk'))
        .pipe(
          tap((e) => e.type === 'tool-result' && e.result.callId === 'quick' && tools.quickDone.resolve()),
          toArray(),
        ),
    );
    expect(tools.staleOutcome).toBe('ignored');
    expect(progressOf(events)).toEqual([{ type: 'tool-progress', callId: 'late', name: 'late_report', progress: 1, message: 'working' }]);
    expect(resultOf(events, 'quick')).toBeLessThan(events.findIndex((e) => e.type === 'tool-progress'));
    expect((events[resultOf(events, 'late')] as ToolResultEvent).result.content).toBe('late done');
  });

  it('a report that is not a finite number throws a ToolProgressError to the tool: uncaught it fails the call, caught the tool goes on', async () => {
    script([
      {
        toolCalls: [
          { id: 'bad', name: 'bad_progress', arguments: { what: 'x' } },
          { id: 'careful', name: 'careful_progress', arguments: { what: 'y' } },
        ],
      },
      { text: 'Hm.' },
    ]);
    const events = await lastValueFrom(chat().stream(Messages.fromUser('report')).pipe(toArray()));
    expect(progressOf(events)).toEqual([]);
    const bad = (events[resultOf(events, 'bad')] as ToolResultEvent).result;
    expect(bad).toMatchObject({ isError: true, error: { kind: 'execution' } });
    expect(bad.content).toContain('"bad_progress" reported progress that is not a finite number');
    const careful = (events[resultOf(events, 'careful')] as ToolResultEvent).result;
    expect(careful.content).toBe('refused: "careful_progress" reported progress that is not a finite number (progress: 1, total: Infinity)');
  });
});

import { join } from 'node:path';
import { IsString } from 'class-validator';
import { Tool } from '../../lib/decorators';
import { ToolNameClashError } from '../../lib/errors';
import { configureSchemas, resetSchemaSettings } from '../../lib/schema';
import { ToolsBuilder } from '../../lib/tools';

class EchoArgs {
  @IsString() text!: string;
}

class EchoTools {
  @Tool({ description: 'Echo text back.' })
  echo(args: EchoArgs): string {
    return args.text;
  }
}

const fixtures = join(__dirname, 'fixtures');
const ctx = { context: undefined, signal: new AbortController().signal, messages: [], callId: 'call_1' };

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ToolsBuilder.fromPython', () => {
  beforeAll(() => configureSchemas({ runtimeSchemaWarnings: false }));
  afterAll(() => resetSchemaSettings());

  it('collects Python tools beside @Tool() methods; dispose stops the host', async () => {
    const set = await new ToolsBuilder().add(new EchoTools()).fromPython(join(fixtures, 'python'), { logger: () => undefined }).collect();
    const pid = (set.tools[1] as unknown as { caller: { pid?: number } }).caller.pid;
    try {
      expect(pid).toEqual(expect.any(Number));
      expect(isRunning(pid as number)).toBe(true);
      expect(set.tools.map((t) => t.name)).toEqual(['echo', 'get_weather']);
      const weather = set.tools[1];
      expect(weather.metadata).toEqual({ requiresApproval: true });
      const args = await weather.validate({ city: 'Oslo' });
      if (!args.ok) throw new Error(args.message);
      await expect(weather.execute(args.value, ctx)).resolves.toEqual({ city: 'Oslo', celsius: 21 });
    } finally {
      await set.dispose?.();
    }
    expect(isRunning(pid as number)).toBe(false);
  });

  it('fails on a name clash between Python and TypeScript tools', async () => {
    const builder = new ToolsBuilder().add(new EchoTools()).fromPython(join(fixtures, 'python-clash'), { logger: () => undefined });
    const error = await builder.collect().catch((e: unknown) => e as ToolNameClashError);
    expect(error).toBeInstanceOf(ToolNameClashError);
    expect(error).toMatchObject({ toolName: 'echo', sources: ['EchoTools.echo', `echo (${join(fixtures, 'python-clash', 'echo.py')}:5)`] });
  });
});

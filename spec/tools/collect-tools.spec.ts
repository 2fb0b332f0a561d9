import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import type { JsonValue } from '../../lib/core/json.types';
import type { ToolContext } from '../../lib/core/tool.types';
import { Tool } from '../../lib/decorators';
import { NoExplicitTypeError, ToolDefinitionError, ToolNameClashError } from '../../lib/errors';
import { configureSchemas, resetSchemaSettings } from '../../lib/schema';
import { collectTools, MISSING_DESCRIPTION_WARNING, NoArguments } from '../../lib/tools';

enum Unit {
  Celsius = 'celsius',
  Fahrenheit = 'fahrenheit',
}

class Place {
  @Length(2, 40) city!: string;
}

class WeatherArgs {
  @ValidateNested() @Type(() => Place) place!: Place;
  @IsOptional() @IsEnum(Unit) unit?: Unit;
  @IsInt() @Min(1) @Max(7) days!: number;
}

type Caller = { user: string };

class WeatherTools {
  readonly calls: unknown[][] = [];
  private readonly prefix = 'forecast';

  @Tool({ description: 'Get the forecast for a place.', metadata: { costTier: 2 }, requiresApproval: true })
  async forecast(args: WeatherArgs, context: ToolContext<Caller>): Promise<string> {
    this.calls.push([args, context]);
    return `${this.prefix}:${args.place.city}:${args.unit ?? 'celsius'}:${args.days}:${context.context.user}`;
  }

  @Tool({ name: 'server_time' })
  now(): string {
    // eslint-disable-next-line prefer-rest-params
    this.calls.push([...arguments]);
    return '12:00';
  }

  @Tool()
  whoAmI(_args: NoArguments, context: ToolContext<Caller>): string {
    return context.context.user;
  }

  notATool(): void {}
}

function context(user = 'ada'): ToolContext<Caller> {
  return { context: { user }, signal: new AbortController().signal, messages: [], callId: 'call_1' };
}

describe('collectTools', () => {
  beforeAll(() => configureSchemas({ runtimeSchemaWarnings: false }));
  afterAll(() => resetSchemaSettings());

  it('turns each @Tool() method into a definition bound to its instance', async () => {
    const instance = new WeatherTools();
    const { tools } = collectTools(instance);
    expect(tools.map((t) => t.name)).toEqual(['forecast', 'server_time', 'whoAmI']);
    const [forecast, time, who] = tools;
    expect(forecast.description).toBe('Get the forecast for a place.');
    expect(forecast.metadata).toEqual({ costTier: 2, requiresApproval: true });
    expect(time.description).toBe('');
    expect(time.parameters).toEqual({ type: 'object', properties: {} });
    expect(who.parameters).toEqual({ type: 'object', properties: {} });
    expect(forecast.parameters).toEqual({
      type: 'object',
      properties: {
        place: { type: 'object', properties: { city: { type: 'string', minLength: 2, maxLength: 40 } }, required: ['city'] },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
      },
      required: ['place', 'days'],
    });
  });

  it('validates arguments into a class instance and calls the method with it and the ToolContext', async () => {
    const instance = new WeatherTools();
    const [forecast] = collectTools(instance).tools;
    const check = await forecast.validate({ place: { city: 'Oslo' }, days: 3, unit: null });
    if (!check.ok) throw new Error(check.message);
    expect(check.value).toBeInstanceOf(WeatherArgs);
    expect((check.value as WeatherArgs).place).toBeInstanceOf(Place);
    expect((check.value as WeatherArgs).unit).toBeUndefined();
    const ctx = context('grace');
    await expect(forecast.execute(check.value, ctx)).resolves.toBe('forecast:Oslo:celsius:3:grace');
    expect(instance.calls).toEqual([[check.value, ctx]]);
    expect(instance.calls[0][1]).toBe(ctx);
  });

  it('warns once per tool (process warning CHAT_TS_TOOL_DESCRIPTION) when a tool has no description', () => {
    class Undescribed {
      @Tool() lookup(): string {
        return 'x';
      }
      @Tool({ description: '' }) quiet(): string {
        return 'y';
      }
      @Tool({ description: 'Described.' }) described(): string {
        return 'z';
      }
    }
    const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      collectTools(new Undescribed());
      collectTools(new Undescribed());
      const ours = emitted.mock.calls.filter(([, options]) => (options as { code?: string })?.code === MISSING_DESCRIPTION_WARNING);
      expect(ours).toHaveLength(1);
      expect(String(ours[0][0])).toBe(
        'chat-ts: tool "lookup" (Undescribed.lookup) has no description, so the model sees "" and must guess what it does; ' +
          "add @Tool({ description: '…' }), or a JSDoc comment on the method, run `npx chat-ts schema` and import the generated chat-ts.metadata module (the class must be exported)",
      );
    } finally {
      emitted.mockRestore();
    }
  });

  it('explains invalid arguments with property paths and keeps the class-validator tree in details', async () => {
    const [forecast] = collectTools(new WeatherTools()).tools;
    const check = await forecast.validate({ place: { city: 'X' }, days: 9.5, unit: 'kelvin' });
    if (check.ok) throw new Error('expected a failure');
    expect(check.message).not.toContain('Invalid arguments');
    expect(check.message).toContain('place.city must be longer than or equal to 2 characters');
    expect(check.message).toContain('unit must be one of the following values: celsius, fahrenheit');
    expect(check.message).toContain('days must be an integer number');
    expect(check.message).toContain('days must not be greater than 7');
    const details = check.details as { property: string; children?: JsonValue[]; constraints?: Record<string, string> }[];
    expect(details.map((d) => d.property).sort()).toEqual(['days', 'place', 'unit']);
    const place = details.find((d) => d.property === 'place');
    expect(place?.children).toEqual([
      expect.objectContaining({ property: 'city', value: 'X', constraints: { isLength: 'city must be longer than or equal to 2 characters' } }),
    ]);
  });

  it('refuses arguments that are not a JSON object', async () => {
    const [forecast, time] = collectTools(new WeatherTools()).tools;
    await expect(forecast.validate('Oslo')).resolves.toMatchObject({ ok: false, message: 'expected a JSON object, got a string' });
    await expect(forecast.validate([1])).resolves.toMatchObject({ ok: false });
    await expect(time.validate(5)).resolves.toMatchObject({ ok: false, message: 'expected a JSON object' });
  });

  it('calls a tool without parameters with nothing, and a NoArguments tool with its context', async () => {
    const instance = new WeatherTools();
    const [, time, who] = collectTools(instance).tools;
    const timeArgs = await time.validate({});
    expect(timeArgs).toEqual({ ok: true, value: undefined });
    await expect(time.execute(undefined, context())).resolves.toBe('12:00');
    expect(instance.calls).toEqual([[]]);
    const whoArgs = await who.validate(null);
    if (!whoArgs.ok) throw new Error(whoArgs.message);
    expect(whoArgs.value).toBeInstanceOf(NoArguments);
    await expect(who.execute(whoArgs.value, context('linus'))).resolves.toBe('linus');
  });

  it('collects tools declared on a base class', () => {
    class MoreTools extends WeatherTools {
      @Tool() extra(): string {
        return 'x';
      }
    }
    expect(collectTools(new MoreTools()).tools.map((t) => t.name)).toEqual(['extra', 'forecast', 'server_time', 'whoAmI']);
  });

  it('fails on duplicate names, naming both classes and methods', () => {
    class OtherTools {
      @Tool() forecast(): string {
        return '';
      }
    }
    const error = captureError(() => collectTools(new WeatherTools(), new OtherTools()));
    expect(error).toBeInstanceOf(ToolNameClashError);
    expect(error.message).toBe(
      'Duplicate tool name "forecast": WeatherTools.forecast and OtherTools.forecast; rename one (e.g. @Tool({ name: \'...\' }))',
    );
    expect(error).toMatchObject({ toolName: 'forecast', sources: ['WeatherTools.forecast', 'OtherTools.forecast'] });
  });

  it('fails on a class instead of an instance, and on an instance without tools', () => {
    expect(() => collectTools(WeatherTools)).toThrow('collectTools() takes instances: pass new WeatherTools(), not WeatherTools');
    class Plain {}
    expect(() => collectTools(new Plain())).toThrow(new ToolDefinitionError('Plain has no @Tool() methods'));
  });

  it('fails on other parameter shapes, naming class and method', () => {
    class TooMany {
      @Tool() run(_a: WeatherArgs, _b: ToolContext, _c: string): void {}
    }
    class Scalar {
      @Tool() run(_city: string): void {}
    }
    expect(() => collectTools(new TooMany())).toThrow(
      'TooMany.run takes 3 parameters; a tool method takes (args: ArgsClass, context?: ToolContext) or no parameters',
    );
    const error = captureError(() => collectTools(new Scalar()));
    expect(error).toBeInstanceOf(ToolDefinitionError);
    expect(error.message).toContain('Scalar.run: its first parameter is a string');
    expect(error).toMatchObject({ className: 'Scalar', methodName: 'run' });
  });

  it('fails with NoExplicitTypeError when the arguments type cannot be told, never with an empty schema', () => {
    interface CityArgs {
      city: string;
    }
    class InterfaceArgs {
      @Tool() run(_args: CityArgs): void {}
    }
    const error = captureError(() => collectTools(new InterfaceArgs()));
    expect(error).toBeInstanceOf(NoExplicitTypeError);
    expect(error.message).toContain('Tool InterfaceArgs.run: the arguments type cannot be told: its first parameter is typed as Object');
    expect(error.message).toContain('@Tool({ args: () => ArgsClass })');

    class Undecorated {
      city!: string;
    }
    class UndecoratedArgs {
      @Tool() run(_args: Undecorated): void {}
    }
    const second = captureError(() => collectTools(new UndecoratedArgs()));
    expect(second).toBeInstanceOf(NoExplicitTypeError);
    expect(second.message).toContain('Tool UndecoratedArgs.run: Undecorated: class Undecorated has no decorated properties');

    class Loose {
      @IsString() city!: string;
      @ValidateNested() anything!: object;
    }
    class LooseArgs {
      @Tool() run(_args: Loose): void {}
    }
    expect(() => collectTools(new LooseArgs())).toThrow(
      'Tool LooseArgs.run: Loose.anything: its type cannot be told: design:type is Object (a union, an interface, a type literal or any); add @Field(() => NestedClass) or @Type(() => NestedClass)',
    );
  });

  it('takes the arguments class from @Tool({ args }) when there is no design:paramtypes (tsx, esbuild, SWC)', async () => {
    class Args {
      @IsString() city!: string;
    }
    class Bare {
      run(args: Args): string {
        return args.city;
      }
      guess(args: Args): string {
        return args.city;
      }
    }
    Tool({ args: () => Args })(Bare.prototype, 'run', Object.getOwnPropertyDescriptor(Bare.prototype, 'run')!);
    Tool()(Bare.prototype, 'guess', Object.getOwnPropertyDescriptor(Bare.prototype, 'guess')!);
    expect(() => collectTools(new Bare())).toThrow('Tool Bare.guess: the arguments type cannot be told: there is no design:paramtypes');
    class BareOnly {
      run(args: Args): string {
        return args.city;
      }
    }
    Tool({ args: () => Args })(BareOnly.prototype, 'run', Object.getOwnPropertyDescriptor(BareOnly.prototype, 'run')!);
    const [run] = collectTools(new BareOnly()).tools;
    expect(run.parameters).toEqual({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
    const check = await run.validate({ city: 'Rome' });
    expect(check.ok && check.value).toBeInstanceOf(Args);
  });
});

function captureError(run: () => unknown): Error & Record<string, unknown> {
  try {
    run();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected an error');
}

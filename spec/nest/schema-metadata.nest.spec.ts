import { Injectable } from '@nestjs/common';
import { IsInt, IsOptional, IsString } from 'class-validator';
import type { JsonValue } from '../../lib/core/json.types';
import { Tool } from '../../lib/decorators';
import { MissingSchemaMetadataError } from '../../lib/errors';
import { ChatModule, NestChat, Toolset } from '../../lib/nest';
import { configureSchemas, resetSchemaMetadata, resetSchemaSettings, STRICT_SCHEMAS_ENV, type SchemaMetadata } from '../../lib/schema';
import { ProviderEmulator } from '../../lib/testing';
import { emulatedProvider, startContext } from './nest-test.helpers';

class OrderArgs {
  @IsString() orderId!: string;
  @IsOptional() @IsInt() limit?: number;
}

@Toolset()
@Injectable()
class OrderTools {
  /** Look an order up. */
  @Tool()
  lookup(args: OrderArgs) {
    return `order ${args.orderId}`;
  }
}

class UnlistedArgs {
  @IsString() query!: string;
}

@Toolset()
@Injectable()
class SearchTools {
  @Tool({ description: 'Search.' })
  search(args: UnlistedArgs) {
    return args.query;
  }
}

/** What `chat-ts schema` generates for OrderTools (the same shape as src/chat-ts.metadata.ts). */
const chatTsMetadata: SchemaMetadata = {
  version: 1,
  classes: [
    {
      name: 'OrderArgs',
      type: () => OrderArgs,
      schema: {
        type: 'object',
        properties: {
          orderId: { description: 'The order number, e.g. A-1001.', type: 'string', enum: ['A-1001', 'A-1002'] },
          limit: { description: 'How many lines.', type: 'integer', minimum: 1 },
        },
        required: ['orderId'],
      },
    },
    { name: 'OrderTools', type: () => OrderTools, tools: { lookup: { description: 'Look an order up.', args: () => OrderArgs } } },
  ],
};

function toolsOf(body: JsonValue): Array<{ name: string; description?: string; parameters?: unknown }> {
  return (body as { tools?: Array<{ name: string; description?: string; parameters?: unknown }> }).tools ?? [];
}

describe('ChatModule and the generated schema metadata', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.reset();
    resetSchemaMetadata();
    configureSchemas({ runtimeSchemaWarnings: false });
  });
  afterEach(() => {
    resetSchemaMetadata();
    resetSchemaSettings();
    delete process.env[STRICT_SCHEMAS_ENV];
  });

  it('forRoot({ metadata }): the tool schema on the wire is the generated one (descriptions, literal union, optional, minimum)', async () => {
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), metadata: chatTsMetadata })], providers: [OrderTools] });
    try {
      emulator.script([{ text: 'Found it.' }]);
      await moduleRef.get(NestChat).complete('Where is A-1001?');
      const [tool] = toolsOf(emulator.requests()[0].body);
      expect(tool).toMatchObject({ name: 'lookup', description: 'Look an order up.' });
      expect(tool.parameters).toMatchObject({
        properties: {
          orderId: { description: 'The order number, e.g. A-1001.', enum: ['A-1001', 'A-1002'] },
          limit: { description: 'How many lines.', minimum: 1 },
        },
      });
    } finally {
      await moduleRef.close();
    }
  });

  it('forRootAsync: metadata from the factory', async () => {
    const moduleRef = await startContext({
      imports: [ChatModule.forRootAsync({ useFactory: async () => ({ provider: emulatedProvider(emulator), metadata: chatTsMetadata, strictSchemas: true }) })],
      providers: [OrderTools],
    });
    try {
      expect(moduleRef.get(NestChat).tools[0].description).toBe('Look an order up.');
    } finally {
      await moduleRef.close();
    }
  });

  it('strictSchemas: a tool arguments class without a generated schema fails the bootstrap, naming it and the fix', async () => {
    const attempt = startContext({
      imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), metadata: chatTsMetadata, strictSchemas: true })],
      providers: [OrderTools, SearchTools],
    });
    await expect(attempt).rejects.toThrow(MissingSchemaMetadataError);
    await expect(attempt).rejects.toMatchObject({ className: 'UnlistedArgs' });
    await expect(attempt).rejects.toThrow(/UnlistedArgs is not in the loaded chat-ts metadata.*strictSchemas forbids the run-time schema.*Fix: generate it with `npx chat-ts schema`/);
  });

  it('strictSchemas only holds in its module: without it the same app boots on the run-time schema', async () => {
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), metadata: chatTsMetadata })], providers: [OrderTools, SearchTools] });
    try {
      expect(moduleRef.get(NestChat).tools.map((t) => t.name)).toEqual(['lookup', 'search']);
    } finally {
      await moduleRef.close();
    }
  });

  it(`${STRICT_SCHEMAS_ENV}=1 fails the bootstrap when no metadata was loaded at all`, async () => {
    process.env[STRICT_SCHEMAS_ENV] = '1';
    const attempt = startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator) })], providers: [OrderTools] });
    await expect(attempt).rejects.toThrow(MissingSchemaMetadataError);
    await expect(attempt).rejects.toThrow(/no generated chat-ts metadata is loaded, so OrderArgs has no build-time schema/);
  });

  it('strictSchemas: false in the module overrides the environment', async () => {
    process.env[STRICT_SCHEMAS_ENV] = '1';
    const moduleRef = await startContext({ imports: [ChatModule.forRoot({ provider: emulatedProvider(emulator), strictSchemas: false })], providers: [OrderTools] });
    await moduleRef.close();
  });
});

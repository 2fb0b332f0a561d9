import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { FinishCallback } from '../chat/chat.types';
import type { ChatProvider } from '../core/provider.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { ConfigurationError } from '../errors/configuration.error';
import type { PythonOutputLogger } from '../python/python-tools.options';
import { pythonTools } from '../python/python-tool.source';
import { loadSchemaMetadata } from '../schema/metadata/schema-metadata.store';
import { withSchemaSettings, type SchemaSettings } from '../schema/metadata/schema-settings';
import { ToolsBuilder } from '../tools/tools.builder';
import { builderFor, ChatAssembly, resolveProvider } from './chat-assembly';
import type { ChatDefinition, ChatModuleOptions, PythonToolsSource } from './chat-module-options.types';
import { CHAT_MODULE_OPTIONS } from './chat.module-definition';
import { DEFAULT_CHAT_NAME } from './constants';
import { guardedApproval } from './guarded-approval';
import { NestChat } from './nest-chat';
import { disposeResource, releaseAll, resourceName } from './resource-disposal';
import { ChatToolExplorer, type DiscoveredToolset } from './tool.explorer';

function isToolSet(tools: readonly ToolDefinition[] | ToolSet): tools is ToolSet {
  return !Array.isArray(tools);
}

function pythonArguments(source: PythonToolsSource): { directories: string | readonly string[]; options?: object } {
  return typeof source === 'string' || Array.isArray(source) ? { directories: source as string | readonly string[] } : (source as { directories: string | readonly string[]; options?: object });
}

/**
 * The chats of `ChatModule`, by name. Builds them when the application initialises (providers
 * resolved, `@Toolset()` tools discovered, Python hosts started) and releases everything with a
 * lifetime on shutdown: tool sets (Python hosts), providers, then the module's `resources`.
 *
 * @example
 * const support = app.get(ChatRegistry).get('support');
 * @publicApi
 */
@Injectable()
export class ChatRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ChatModule');
  private readonly chats = new Map<string, NestChat<unknown>>();
  private readonly toolSets: ToolSet[] = [];
  private readonly providers = new Set<ChatProvider>();
  private shutdown?: Promise<void>;

  constructor(
    @Inject(CHAT_MODULE_OPTIONS) private readonly options: ChatModuleOptions,
    private readonly explorer: ChatToolExplorer,
  ) {}

  /** The chat of that name (the default chat without one). */
  get<T = string>(name: string = DEFAULT_CHAT_NAME): NestChat<T> {
    let chat = this.chats.get(name);
    if (!chat) this.chats.set(name, (chat = new NestChat<unknown>(name)));
    return chat as NestChat<T>;
  }

  /** Names of the configured chats. */
  names(): string[] {
    return [...this.definitions().keys()];
  }

  /** Nest lifecycle hook (Nest calls it): builds every chat; on failure releases what was started and fails the bootstrap. */
  async onModuleInit(): Promise<void> {
    const definitions = this.definitions();
    if (this.options.metadata) loadSchemaMetadata(this.options.metadata);
    const toolsets = withSchemaSettings(this.schemaSettings(), () => this.explorer.explore());
    for (const toolset of toolsets) {
      const unknown = toolset.chats.filter((c) => !definitions.has(c));
      if (unknown.length > 0) {
        throw new ConfigurationError(`@Toolset() ${toolset.className} names chat(s) ${unknown.join(', ')} that ChatModule does not configure (configured: ${[...definitions.keys()].join(', ') || 'none'})`);
      }
    }
    try {
      for (const [name, definition] of definitions) await this.build(name, definition, toolsets);
    } catch (error) {
      await this.onApplicationShutdown();
      throw error;
    }
  }

  /** Nest lifecycle hook (Nest calls it): releases tool sets, providers and resources, once. */
  onApplicationShutdown(): Promise<void> {
    return (this.shutdown ??= this.release());
  }

  private definitions(): Map<string, ChatDefinition> {
    const { chats, resources: _resources, disposeProviders: _dispose, metadata: _metadata, strictSchemas: _strict, ...defaults } = this.options;
    const definitions = new Map<string, ChatDefinition>();
    if (defaults.provider !== undefined) definitions.set(DEFAULT_CHAT_NAME, defaults as ChatDefinition);
    for (const [name, definition] of Object.entries(chats ?? {})) {
      if (name === DEFAULT_CHAT_NAME && definitions.has(name)) throw new ConfigurationError('ChatModule: the default chat is configured twice (top-level provider and chats.default)');
      if (!definition || definition.provider === undefined) throw new ConfigurationError(`ChatModule: chat "${name}" has no provider`);
      definitions.set(name, definition);
    }
    if (definitions.size === 0) {
      throw new ConfigurationError(
        'ChatModule configures no chat: give the module options a `provider` (the default chat: a provider, a builder or a factory) or `chats: { name: { provider } }`' +
          (Object.prototype.hasOwnProperty.call(this.options, 'provider') ? ' (`provider` is present but undefined: is its configuration value set?)' : ''),
      );
    }
    for (const name of this.chats.keys()) {
      if (name !== DEFAULT_CHAT_NAME && !definitions.has(name)) {
        throw new ConfigurationError(`ChatModule: chat "${name}" is injected but not configured; add it under "chats" in the module options`);
      }
    }
    return definitions;
  }

  private async build(name: string, definition: ChatDefinition, toolsets: readonly DiscoveredToolset[]): Promise<void> {
    const provider = await resolveProvider(definition.provider, name);
    this.providers.add(provider);
    const sources = new ToolsBuilder();
    if (definition.discoverTools !== false) sources.addTools(...toolsets.filter((t) => t.chats.includes(name)).flatMap((t) => t.tools));
    const extra = definition.tools;
    if (extra) sources.addSource({ label: 'tools', load: async () => (isToolSet(extra) ? extra : { tools: extra }) });
    if (definition.python !== undefined) {
      const { directories, options } = pythonArguments(definition.python);
      sources.addSource(pythonTools(directories, { logger: this.pythonLogger(), ...options }));
    }
    const toolSet = await sources.collect();
    this.toolSets.push(toolSet);
    const chat = this.get<unknown>(name);
    const builder = withSchemaSettings(this.schemaSettings(), () => builderFor(definition, provider, { approval: guardedApproval(definition.approval), onFinish: this.finishLogger(name, definition.onFinish), afterResponse: chat.healthHook() }));
    const assembly = new ChatAssembly<unknown>(builder, toolSet.tools);
    chat.attach({ assembly, hideDeniedTools: definition.hideDeniedTools ?? false });
    const tools = toolSet.tools.map((t) => t.name).join(', ');
    this.logger.log(`Chat "${name}": ${provider.id} (${provider.model}), ${toolSet.tools.length} tool(s)${tools ? `: ${tools}` : ''}`);
  }

  /** The module's `strictSchemas`, over the process-wide settings while tools and outputs are resolved. */
  private schemaSettings(): SchemaSettings {
    return this.options.strictSchemas === undefined ? {} : { strictSchemas: this.options.strictSchemas };
  }

  private finishLogger(name: string, user: FinishCallback | undefined): FinishCallback {
    return async (info) => {
      const tokens = info.usage.totalTokens;
      this.logger.debug(`Chat "${name}" call ${info.status}${info.error ? ` (${info.error.name}: ${info.error.message})` : ''}, ${tokens} token(s)`);
      if (user) await user(info);
    };
  }

  private pythonLogger(): PythonOutputLogger {
    const logger = new Logger('PythonTools');
    return (output) => {
      const line = `${output.toolName ? `[${output.toolName}] ` : ''}${output.text}`;
      if (output.stream === 'stderr') logger.warn(line);
      else logger.log(line);
    };
  }

  private async release(): Promise<void> {
    for (const chat of this.chats.values()) chat.attach(undefined);
    const releases: Array<{ label: string; release: () => Promise<void> }> = [];
    for (const set of this.toolSets.splice(0)) releases.push({ label: 'a tool set', release: async () => set.dispose?.() });
    if (this.options.disposeProviders !== false) {
      for (const provider of this.providers) releases.push({ label: `provider ${provider.id}`, release: async () => provider.dispose?.() });
    }
    this.providers.clear();
    for (const resource of [...(this.options.resources ?? [])].reverse()) {
      releases.push({ label: resourceName(resource), release: () => disposeResource(resource) });
    }
    await releaseAll(releases, (label, error) => this.logger.error(`Releasing ${label} failed: ${(error as Error)?.message ?? String(error)}`));
  }
}

import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { FinishCallback } from '../chat/chat.types';
import type { ChatProvider } from '../core/provider.types';
import type { ToolDefinition, ToolSet } from '../core/tool.types';
import { ChatNotRegisteredError } from '../errors/chat-not-registered.error';
import { ConfigurationError } from '../errors/configuration.error';
import type { PythonOutputLogger } from '../python/python-tools.options';
import { pythonTools } from '../python/python-tool.source';
import { loadSchemaMetadata } from '../schema/metadata/schema-metadata.store';
import { withSchemaSettings, type SchemaSettings } from '../schema/metadata/schema-settings';
import { ToolsBuilder } from '../tools/tools.builder';
import { builderFor, ChatAssembly, resolveProvider } from './chat-assembly';
import type { ChatDefinition, ChatModuleOptions, ChatProviderSource, PythonToolsSource } from './chat-module-options.types';
import { CHAT_MODULE_OPTIONS } from './chat.module-definition';
import { ChatDirectory } from './chat-directory';
import { CHAT_PROVIDER_OVERRIDE, type ChatProviderOverride } from './chat-provider.override';
import { DEFAULT_CHAT_NAME } from './constants';
import { guardedApproval } from './guarded-approval';
import { guardedToolSet } from './guarded-tool.factory';
import { injectedChatNames } from './injected-chats.store';
import type { NestChat } from './nest-chat';
import { disposeResource, releaseAll, resourceName } from './resource-disposal';
import { ChatToolExplorer, type DiscoveredToolset } from './tool.explorer';
import { toolsetBudgetObserver } from './toolset-budget.observer';

/** A chat's settings: a root definition, or a feature module's (whose provider may be the default chat's). */
type ChatSettings = Omit<ChatDefinition, 'provider'> & { readonly provider?: ChatProviderSource };

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
  private readonly toolSets: ToolSet[] = [];
  private readonly providers = new Set<ChatProvider>();
  /** The provider each built chat uses, by name. */
  private readonly resolved = new Map<string, ChatProvider>();
  private shutdown?: Promise<void>;

  constructor(
    @Inject(CHAT_MODULE_OPTIONS) private readonly options: ChatModuleOptions,
    private readonly explorer: ChatToolExplorer,
    private readonly directory: ChatDirectory,
    private readonly discovery: DiscoveryService,
    @Optional() @Inject(CHAT_PROVIDER_OVERRIDE) private readonly override?: ChatProviderOverride,
  ) {}

  /** The chat of that name (the default chat without one). */
  get<T = string>(name: string = DEFAULT_CHAT_NAME): NestChat<T> {
    return this.directory.chat<T>(name);
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

  private definitions(): Map<string, ChatSettings> {
    const { chats, resources: _resources, disposeProviders: _dispose, metadata: _metadata, strictSchemas: _strict, toolValidation: _validation, ...defaults } = this.options;
    const definitions = new Map<string, ChatSettings>();
    // under a provider override (tests), a provider key left undefined by config still declares the chat
    const declares = (d: object): boolean => (d as ChatSettings).provider !== undefined || (this.override !== undefined && Object.prototype.hasOwnProperty.call(d, 'provider'));
    if (declares(this.options)) definitions.set(DEFAULT_CHAT_NAME, defaults);
    for (const [name, definition] of Object.entries(chats ?? {})) {
      if (name === DEFAULT_CHAT_NAME && definitions.has(name)) throw new ConfigurationError('ChatModule: the default chat is configured twice (top-level provider and chats.default)');
      if (!definition || !declares(definition)) throw new ConfigurationError(`ChatModule: chat "${name}" has no provider`);
      definitions.set(name, definition);
    }
    for (const { name, ...feature } of this.directory.registered()) {
      if (definitions.has(name)) throw new ConfigurationError(`ChatModule: chat "${name}" is configured twice (in ChatModule.forRoot() chats and by ChatModule.registerChat()); keep one`);
      definitions.set(name, feature);
    }
    if (definitions.size === 0) {
      throw new ConfigurationError(
        'ChatModule configures no chat: give the module options a `provider` (the default chat: a provider, a builder or a factory) or `chats: { name: { provider } }`' +
          (Object.prototype.hasOwnProperty.call(this.options, 'provider') ? ' (`provider` is present but undefined: is its configuration value set?)' : ''),
      );
    }
    for (const name of this.directory.declared) {
      if (name !== DEFAULT_CHAT_NAME && !definitions.has(name)) {
        throw new ConfigurationError(`ChatModule: chat "${name}" is listed in chatNames but not configured; add it under "chats" in the module options, or register it in a feature module with ChatModule.registerChat({ name: '${name}' })`);
      }
    }
    this.checkInjectedChats(definitions);
    return definitions;
  }

  /** Every `@InjectChat(name)` of the application's providers and controllers names a configured chat. */
  private checkInjectedChats(definitions: ReadonlyMap<string, ChatSettings>): void {
    const consumers = new Map<string, Set<string>>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const metatype = wrapper.metatype as unknown;
      if (typeof metatype !== 'function' || wrapper.isFactory || wrapper.isAlias) continue;
      for (const name of injectedChatNames(metatype)) {
        if (name === DEFAULT_CHAT_NAME || definitions.has(name)) continue;
        const classes = consumers.get(name) ?? new Set<string>();
        consumers.set(name, classes.add(metatype.name || String(wrapper.name)));
      }
    }
    const [missing] = consumers;
    if (!missing) return;
    const [name, classes] = missing;
    const configured = [...definitions.keys()].join(', ');
    throw new ChatNotRegisteredError(
      name,
      [...classes],
      `${[...classes].join(', ')} inject${classes.size === 1 ? 's' : ''} chat "${name}" (@InjectChat('${name}')), which no module configures (configured: ${configured}). ` +
        `Register it in the module that uses it: imports: [ChatModule.registerChat({ name: '${name}', systemPrompt: '...' })], or add it to ChatModule.forRoot({ chats: { ${name}: { provider } } }).`,
    );
  }

  private async build(name: string, definition: ChatSettings, toolsets: readonly DiscoveredToolset[]): Promise<void> {
    const provider = this.override ? this.override(name) : definition.provider === undefined ? this.sharedProvider(name) : await resolveProvider(definition.provider, name);
    this.resolved.set(name, provider);
    this.providers.add(provider);
    const sources = new ToolsBuilder();
    const offered = definition.discoverTools !== false ? toolsets.filter((t) => t.chats.includes(name)) : [];
    sources.addTools(...offered.flatMap((t) => t.tools));
    // the @ChatBudget() of each toolset this chat offers: a request offering its tools spends it
    const toolsetBudgets = offered.flatMap((t) => t.budgets).map(toolsetBudgetObserver);
    if (toolsetBudgets.length > 0) definition = { ...definition, observers: [...(definition.observers ?? []), ...toolsetBudgets] };
    const extra = definition.tools;
    if (extra) sources.addSource({ label: 'tools', load: async () => (isToolSet(extra) ? extra : { tools: extra }) });
    if (definition.python !== undefined) {
      const { directories, options } = pythonArguments(definition.python);
      sources.addSource(pythonTools(directories, { logger: this.pythonLogger(), ...options }));
    }
    const toolSet = await sources.collect();
    this.toolSets.push(toolSet);
    // MCP, Python and plain tools meet the app-wide guards too; an MCP server's new list is followed
    const tools = guardedToolSet(toolSet, (tool) => this.explorer.guard(tool));
    const chat = this.get<unknown>(name);
    const additions = { approval: guardedApproval(definition.approval), onFinish: this.finishLogger(name, definition.onFinish), afterResponse: chat.healthHook() };
    const within = <R>(build: () => R): R => withSchemaSettings(this.schemaSettings(), build);
    const builder = within(() => builderFor(definition, provider, additions));
    const assembly = new ChatAssembly<unknown>(builder, tools, { builder: builderFor({ ...definition, output: undefined }, provider, additions), within }, (other) =>
      within(() => builderFor(definition, other, additions)),
    );
    chat.attach({ assembly, hideDeniedTools: definition.hideDeniedTools ?? false });
    const names = tools.tools.map((t) => t.name).join(', ');
    this.logger.log(`Chat "${name}": ${provider.id} (${provider.model}), ${tools.tools.length} tool(s)${names ? `: ${names}` : ''}`);
  }

  /** A feature chat without `provider` shares the default chat's (built first). */
  private sharedProvider(name: string): ChatProvider {
    const shared = this.resolved.get(DEFAULT_CHAT_NAME);
    if (!shared) {
      throw new ConfigurationError(`Chat "${name}" (ChatModule.registerChat) has no provider, and ChatModule.forRoot() configures no default chat to share one with: give "${name}" a provider, or the root module a top-level provider`);
    }
    return shared;
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
    for (const chat of this.directory.chats()) chat.attach(undefined);
    this.resolved.clear();
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

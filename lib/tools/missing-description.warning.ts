const WARNED = Symbol.for('chat-ts.tools-without-description');

/** Warning code of {@link warnMissingDescription} (filter it with `process.on('warning')`). */
export const MISSING_DESCRIPTION_WARNING = 'CHAT_TS_TOOL_DESCRIPTION';

function warned(): Set<string> {
  const holder = globalThis as { [WARNED]?: Set<string> };
  return (holder[WARNED] ??= new Set<string>());
}

/**
 * Emits a process warning (code `CHAT_TS_TOOL_DESCRIPTION`), once per tool per process, for a
 * `@Tool()` method that has no description: neither `@Tool({ description })` nor a JSDoc comment
 * from the generated schema metadata. Models choose tools by their descriptions, so an empty one is almost
 * always a mistake; `@Tool({ description: '' })` says it is not, and silences the warning.
 */
export function warnMissingDescription(toolName: string, origin: string): void {
  const seen = warned();
  if (seen.has(origin)) return;
  seen.add(origin);
  process.emitWarning(
    `chat-ts: tool "${toolName}" (${origin}) has no description, so the model sees "" and must guess what it does; ` +
      "add @Tool({ description: '…' }), or a JSDoc comment on the method, run `npx chat-ts schema` and import the generated chat-ts.metadata module (the class must be exported)",
    { code: MISSING_DESCRIPTION_WARNING },
  );
}

import { existsSync, readFileSync } from 'node:fs';
import type { GeneratedMetadata } from './metadata.generator';
import { comparable, readMetadataEntries } from './metadata-module.renderer';

/** How a module on disk differs from what `chat-ts schema` would write now. */
export interface MetadataDrift {
  /** The module is missing. */
  readonly missing: boolean;
  /** Classes whose generated entry (schema, description, tools) would change, or is new: `Name (path#Export)`. */
  readonly changed: readonly string[];
  /** Classes in the module that would be removed. */
  readonly removed: readonly string[];
  /** Whether the text differs at all (imports and header included). */
  readonly outdated: boolean;
}

/** Compares a generated module with the one on disk (`chat-ts schema --check`). */
export function checkMetadata(generated: GeneratedMetadata): MetadataDrift {
  if (!existsSync(generated.out)) return { missing: true, changed: generated.entries.map((e) => `${e.className} (${e.key})`), removed: [], outdated: true };
  const current = readFileSync(generated.out, 'utf8');
  const old = readMetadataEntries(current);
  const changed = generated.entries.filter((e) => old.get(e.key) !== comparable(e.text)).map((e) => `${e.className} (${e.key})`);
  const keys = new Set(generated.entries.map((e) => e.key));
  const removed = [...old.keys()].filter((key) => !keys.has(key));
  return { missing: false, changed, removed, outdated: current !== generated.text };
}

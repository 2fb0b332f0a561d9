import type { ChatResource } from './chat-module-options.types';

/** Releases one resource: calls it (a function), or its `dispose()`, else its `close()`. */
export async function disposeResource(resource: ChatResource): Promise<void> {
  if (typeof resource === 'function') {
    await resource();
    return;
  }
  if ('dispose' in resource && typeof resource.dispose === 'function') {
    await resource.dispose();
    return;
  }
  if ('close' in resource && typeof resource.close === 'function') await resource.close();
}

/** A readable name for a resource in log lines. */
export function resourceName(resource: ChatResource): string {
  if (typeof resource === 'function') return resource.name || 'a release function';
  const name = (resource as object).constructor?.name;
  return name && name !== 'Object' ? name : 'a resource';
}

/**
 * Runs every release, in order, even when some fail; failures go to `onError`.
 * Resolves when all have settled.
 */
export async function releaseAll(releases: ReadonlyArray<{ readonly label: string; readonly release: () => Promise<void> }>, onError: (label: string, error: unknown) => void): Promise<void> {
  for (const { label, release } of releases) {
    try {
      await release();
    } catch (error) {
      onError(label, error);
    }
  }
}

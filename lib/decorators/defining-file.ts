import { dirname } from 'node:path';

const OWN_DIR = dirname(__filename);

/**
 * The file of the module whose top level is running a decorator right now (the module that defines
 * the decorated class). Read from V8 call sites, which name the module file under ts-node, jest and
 * plain node alike; `undefined` when it cannot be told (bundles, exotic runtimes).
 */
export function definingFile(): string | undefined {
  const originalPrepare = Error.prepareStackTrace;
  const originalLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 40;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, definingFile);
    const sites = holder.stack as NodeJS.CallSite[] | undefined;
    if (!Array.isArray(sites)) return undefined;
    for (const site of sites) {
      const file = site.getFileName();
      if (!file || file.startsWith('node:') || dirname(file) === OWN_DIR) continue;
      // Decorator helpers (tslib, @swc/helpers, reflect-metadata) live in node_modules; the registry covers the project's own files.
      if (/[\\/]node_modules[\\/]/.test(file)) continue;
      return file.startsWith('file://') ? new URL(file).pathname : file;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = originalPrepare;
    Error.stackTraceLimit = originalLimit;
  }
}

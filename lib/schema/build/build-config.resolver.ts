import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One build the CLI generates metadata for: a tsconfig, and the Nest project it belongs to when there is one. */
export interface BuildTarget {
  /** Absolute path of the tsconfig the build compiles with. */
  readonly tsconfig: string;
  /** Nest monorepo project name, when read from `nest-cli.json`'s `projects`. */
  readonly project?: string;
  /** How the tsconfig was chosen (for messages). */
  readonly reason: string;
}

interface NestCliProject {
  readonly type?: string;
  readonly root?: string;
  readonly compilerOptions?: { readonly tsConfigPath?: string };
}

interface NestCliConfig {
  readonly compilerOptions?: { readonly tsConfigPath?: string };
  readonly projects?: { readonly [name: string]: NestCliProject };
}

/** `chat-ts schema`'s configuration problems (bad `-p`, unknown project, unreadable nest-cli.json). */
export class BuildConfigError extends Error {
  override readonly name = 'BuildConfigError';
}

/**
 * The tsconfig(s) the build compiles with, so that the schemas describe exactly what the build
 * compiles: `-p` when given; else `nest-cli.json` (each application of `projects` with its
 * `compilerOptions.tsConfigPath`, or the top-level `compilerOptions.tsConfigPath`, Nest's default
 * being `tsconfig.build.json`); else `tsconfig.build.json` when present; else `tsconfig.json`.
 *
 * @param cwd the project directory (where package.json and nest-cli.json are).
 * @param explicit the `-p` value, relative to `cwd`.
 * @param only a Nest monorepo project name (`chat-ts schema api`).
 * @throws BuildConfigError when the chosen tsconfig does not exist or the project is unknown.
 */
export function resolveBuildTargets(cwd: string, explicit?: string, only?: string): BuildTarget[] {
  if (explicit !== undefined) return [checked({ tsconfig: resolve(cwd, explicit), reason: '-p' })];
  const nestCli = join(cwd, 'nest-cli.json');
  if (existsSync(nestCli)) {
    const config = readNestCli(nestCli);
    const projects = Object.entries(config.projects ?? {}).filter(([, p]) => p.type === undefined || p.type === 'application');
    if (only !== undefined) {
      const project = config.projects?.[only];
      if (!project) throw new BuildConfigError(`nest-cli.json has no project "${only}" (projects: ${Object.keys(config.projects ?? {}).join(', ') || 'none'})`);
      return [checked(projectTarget(cwd, only, project))];
    }
    if (projects.length > 0) {
      const seen = new Set<string>();
      return projects
        .map(([name, project]) => projectTarget(cwd, name, project))
        .filter((target) => !seen.has(target.tsconfig) && seen.add(target.tsconfig))
        .map(checked);
    }
    const path = config.compilerOptions?.tsConfigPath;
    if (path !== undefined) return [checked({ tsconfig: resolve(cwd, path), reason: 'nest-cli.json compilerOptions.tsConfigPath' })];
  } else if (only !== undefined) {
    throw new BuildConfigError(`a project name (${only}) needs a nest-cli.json with "projects" in ${cwd}`);
  }
  const build = join(cwd, 'tsconfig.build.json');
  if (existsSync(build)) return [{ tsconfig: build, reason: 'tsconfig.build.json' }];
  return [checked({ tsconfig: join(cwd, 'tsconfig.json'), reason: 'tsconfig.json' })];
}

function projectTarget(cwd: string, name: string, project: NestCliProject): BuildTarget {
  const path = project.compilerOptions?.tsConfigPath ?? join(project.root ?? '', 'tsconfig.app.json');
  return { tsconfig: resolve(cwd, path), project: name, reason: `nest-cli.json projects.${name}` };
}

function readNestCli(path: string): NestCliConfig {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as NestCliConfig;
  } catch (error) {
    throw new BuildConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function checked(target: BuildTarget): BuildTarget {
  if (!existsSync(target.tsconfig)) {
    throw new BuildConfigError(`${target.tsconfig} not found (chosen by ${target.reason}); give the project's tsconfig with -p`);
  }
  return target;
}

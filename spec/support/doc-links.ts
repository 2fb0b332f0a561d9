import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** A relative Markdown link found in a documentation file. */
export interface DocLink {
  /** `docs/nest.md:12`: the file (from the repo root) and the line of the link. */
  readonly where: string;
  readonly target: string;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Lines of `text` outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): Array<[number, string]> {
  const lines: Array<[number, string]> = [];
  let fence = false;
  text.split('\n').forEach((line, index) => {
    if (/^\s*```/.test(line)) fence = !fence;
    else if (!fence) lines.push([index + 1, line]);
  });
  return lines;
}

/** The anchors the headings of a Markdown text define (a repeated heading gets `-1`, `-2`, ...). */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, line] of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = headingAnchor(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every link of `file` that is not absolute (no scheme): `[text](target)`, outside code. */
export function relativeLinks(file: string, root: string): DocLink[] {
  const links: DocLink[] = [];
  for (const [number, line] of proseLines(readFileSync(file, 'utf8'))) {
    const prose = line.replace(/`[^`]*`/g, '``');
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(match[1])) continue;
      links.push({ where: `${relative(root, file)}:${number}`, target: match[1] });
    }
  }
  return links;
}

/** What is wrong with a link of `file`: a missing file or folder, or an anchor no heading defines. */
export function brokenLink(file: string, target: string): string | undefined {
  const [path, anchor] = target.split('#', 2);
  const destination = path === '' ? file : resolve(dirname(file), path);
  if (!existsSync(destination)) return `no file ${path}`;
  if (anchor === undefined || statSync(destination).isDirectory()) return undefined;
  if (!destination.endsWith('.md')) return undefined;
  return anchorsOf(readFileSync(destination, 'utf8')).has(anchor) ? undefined : `no heading #${anchor} in ${relative(dirname(file), destination) || path}`;
}

/** `where → problem` for every broken relative link of `files`. */
export function brokenLinks(files: readonly string[], root: string): Record<string, string> {
  const broken: Record<string, string> = {};
  for (const file of files) {
    for (const link of relativeLinks(file, root)) {
      const problem = brokenLink(file, link.target);
      if (problem) broken[`${link.where} ${link.target}`] = problem;
    }
  }
  return broken;
}


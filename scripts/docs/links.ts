/**
 * Finds the relative links of Markdown pages and checks that each resolves inside the repository:
 * to a file that exists and, for `#anchor`, to a heading of that page (GitHub's slug rules).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

export interface Link {
  readonly target: string;
  readonly line: number;
}

export interface BrokenLink extends Link {
  readonly file: string;
  readonly reason: string;
}

const FENCE = /^\s*(```|~~~)/;
const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HTML_ANCHOR = /<a\s+(?:name|id)="([^"]+)"/g;
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

interface ProseLine {
  /** The line as written. */
  readonly raw: string;
  /** The line with inline code spans blanked out, so that code is never read as a link. */
  readonly text: string;
  readonly line: number;
}

/** The lines of a page outside fenced code blocks. */
function proseLines(markdown: string): ProseLine[] {
  const lines: ProseLine[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (FENCE.test(text)) {
      fenced = !fenced;
      return;
    }
    if (!fenced) lines.push({ raw: text, text: text.replace(/`+[^`]*`+/g, '``'), line: index + 1 });
  });
  return lines;
}

/** The line of a code fence that is never closed, if any: it would hide every heading after it. */
export function unclosedFence(markdown: string): number | undefined {
  let opened: number | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (FENCE.test(text)) opened = opened === undefined ? index + 1 : undefined;
  });
  return opened;
}

/** Every relative link of a page (inline and reference definitions); web and mail links are left out. */
export function relativeLinks(markdown: string): Link[] {
  const links: Link[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const definition = REFERENCE_DEFINITION.exec(text);
    if (definition?.[1]) links.push({ target: definition[1], line });
    for (const match of text.matchAll(INLINE_LINK)) links.push({ target: match[1] ?? '', line });
  }
  return links.filter((link) => !EXTERNAL.test(link.target));
}

/** GitHub's anchor for a heading's text: its rendered words, lower case, punctuation dropped. */
export function githubSlug(headingText: string): string {
  const rendered = headingText
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/(\*\*|__|\*)/g, '')
    .replace(/<[^>]+>/g, '');
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a page offers: one per heading (repeats get -1, -2, …) and explicit HTML anchors. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { raw } of proseLines(markdown)) {
    for (const match of raw.matchAll(HTML_ANCHOR)) anchors.add(match[1] ?? '');
    const heading = HEADING.exec(raw);
    if (!heading?.[2]) continue;
    const slug = githubSlug(heading[2]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/**
 * The links of `file` (absolute) that do not resolve inside `root`. `pending` lists
 * repository-relative paths that may be missing for now: links to them are not reported.
 */
export function brokenLinks(
  file: string,
  root: string,
  pending: ReadonlySet<string>,
): BrokenLink[] {
  const markdown = readFileSync(file, 'utf8');
  const broken: BrokenLink[] = [];
  for (const link of relativeLinks(markdown)) {
    const reason = whyBroken(file, root, link.target, markdown, pending);
    if (reason) broken.push({ ...link, file: relative(root, file), reason });
  }
  return broken;
}

function whyBroken(
  file: string,
  root: string,
  target: string,
  markdown: string,
  pending: ReadonlySet<string>,
): string | undefined {
  const [pathPart = '', anchor] = target.split('#', 2);
  if (isAbsolute(pathPart)) return 'an absolute path: link relative to the page';
  const resolved = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
  const inRepo = relative(root, resolved);
  if (inRepo.startsWith('..') || isAbsolute(inRepo)) return 'points outside the repository';
  if (!existsSync(resolved)) return pending.has(inRepo) ? undefined : 'no such file';
  if (anchor === undefined || !resolved.endsWith('.md')) return undefined;
  const page = resolved === file ? markdown : readFileSync(resolved, 'utf8');
  return anchorsOf(page).has(anchor) ? undefined : `no heading #${anchor} in ${inRepo}`;
}

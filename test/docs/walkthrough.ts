/** Reading a document's runnable shell blocks and comparing their output with the one it shows. */

export interface ShellBlock {
  /** The commands, indentation removed, sample comments included (bash ignores them). */
  script: string;
  /** `<!-- walkthrough: background -->`: a command that stays up (in its own terminal). */
  background: boolean;
  /** The whole-line `# ` comments joined: the output the document promises, or undefined. */
  sample: string | undefined;
}

const blockPattern = /^([ \t]*)<!-- walkthrough(: background)? -->\n[ \t]*```sh\n([\s\S]*?)\n[ \t]*```/gm;

/** The ```sh blocks that follow a `<!-- walkthrough -->` comment, in document order. */
export function walkthroughBlocks(markdown: string): ShellBlock[] {
  return [...markdown.matchAll(blockPattern)].map((match) => {
    const indent = match[1]!.length;
    const lines = match[3]!.split('\n').map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)));
    const comments = lines.filter((line) => /^\s*#( |$)/.test(line)).map((line) => line.replace(/^\s*#\s*/, ''));
    return { script: lines.join('\n'), background: match[2] !== undefined, sample: comments.length > 0 ? comments.join('') : undefined };
  });
}

/** Upper-case shell variables the blocks assign at the start of a line (what one block hands the next). */
export function assignedVariables(blocks: ShellBlock[]): string[] {
  const names = blocks.flatMap((block) => [...block.script.matchAll(/^\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
  return [...new Set(names)];
}

/**
 * Where `actual` differs from the `sample` the document shows, or undefined when it has its shape:
 * the same keys in the same order, arrays of the same length, equal values, except that a sample
 * string with `...` in it (an abbreviated id or SDP) stands for any string.
 */
export function sampleMismatch(actual: unknown, sample: unknown, path = '$'): string | undefined {
  if (typeof sample === 'string' && sample.includes('...')) return typeof actual === 'string' ? undefined : `${path}: expected a string, got ${JSON.stringify(actual)}`;
  if (Array.isArray(sample)) {
    if (!Array.isArray(actual) || actual.length !== sample.length) return `${path}: expected ${sample.length} items, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < sample.length; i++) {
      const mismatch = sampleMismatch(actual[i], sample[i], `${path}[${i}]`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  if (sample !== null && typeof sample === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    const expectedKeys = Object.keys(sample);
    const actualKeys = Object.keys(actual);
    if (expectedKeys.join() !== actualKeys.join()) return `${path}: expected keys ${expectedKeys.join(', ')}, got ${actualKeys.join(', ')}`;
    for (const key of expectedKeys) {
      const mismatch = sampleMismatch((actual as Record<string, unknown>)[key], (sample as Record<string, unknown>)[key], `${path}.${key}`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  return actual === sample ? undefined : `${path}: expected ${JSON.stringify(sample)}, got ${JSON.stringify(actual)}`;
}

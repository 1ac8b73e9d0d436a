import { diffArrays } from "diff";

/**
 * What changed between a parent's prompt and its child's, word by word: the shortest edit (jsdiff's
 * Myers diff) between their words, punctuation marks and whitespace runs as the platform segments
 * them, so a reader sees "red" turn into "blue" rather than two unrelated sentences.
 */

export type DiffSegment = { kind: "same" | "added" | "removed"; text: string };

/**
 * Prompts are at most PROMPT_MAX_CHARS (4000) characters, so two unrelated middles could cost
 * millions of comparisons. After the common ends are trimmed a small edit costs little; two
 * middles this different (about 1000 tokens each) read no better as a diff than as a whole
 * replacement.
 */
const DIFF_MAX_CELLS = 1_000_000;

// Words as the platform knows them: CJK text has no spaces, emoji and combining marks stay whole.
const words = new Intl.Segmenter(undefined, { granularity: "word" });

/** Words, single punctuation marks and whitespace runs; joined again they give the text back. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const { segment } of words.segment(text)) {
    const last = tokens.length - 1;
    if (last >= 0 && isSpace(segment) && isSpace(tokens[last]!)) tokens[last] += segment;
    else tokens.push(segment);
  }
  return tokens;
}

export function diffWords(before: string, after: string, maxCells = DIFF_MAX_CELLS): DiffSegment[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;

  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  const middle =
    middleA.length * middleB.length > maxCells
      ? [...middleA.map((text) => op("removed", text)), ...middleB.map((text) => op("added", text))]
      : editOps(middleA, middleB);
  return tidy([...a.slice(0, head).map((text) => op("same", text)), ...middle, ...a.slice(a.length - tail).map((text) => op("same", text))]);
}

const op = (kind: DiffSegment["kind"], text: string): DiffSegment => ({ kind, text });

/** The shortest edit between two token lists, by jsdiff's Myers diff over whole tokens. */
function editOps(a: string[], b: string[]): DiffSegment[] {
  return diffArrays(a, b).flatMap((change) =>
    change.value.map((text) => op(change.added ? "added" : change.removed ? "removed" : "same", text)),
  );
}

/**
 * One removal and one addition per change, in that order, with neighbours of a kind joined. A lone
 * space between two changes joins them too: "red cat" → "blue dog" reads as one replacement, not
 * two replacements around a shared space.
 */
function tidy(ops: DiffSegment[]): DiffSegment[] {
  const segments: DiffSegment[] = [];
  let removed = "";
  let added = "";
  const push = (kind: DiffSegment["kind"], text: string) => {
    const last = segments.at(-1);
    if (last?.kind === kind) last.text += text;
    else if (text) segments.push(op(kind, text));
  };
  const flush = () => {
    push("removed", removed);
    push("added", added);
    removed = "";
    added = "";
  };
  ops.forEach((current, index) => {
    if (current.kind === "removed") removed += current.text;
    else if (current.kind === "added") added += current.text;
    else if ((removed || added) && isSpace(current.text) && ops[index + 1] && ops[index + 1]!.kind !== "same") {
      removed += current.text;
      added += current.text;
    } else {
      flush();
      push("same", current.text);
    }
  });
  flush();
  return segments;
}

function isSpace(text: string): boolean {
  return /^\s+$/u.test(text);
}

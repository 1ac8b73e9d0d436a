/**
 * What changed between a parent's prompt and its child's, word by word: the longest common
 * subsequence of words, punctuation and whitespace runs, so a reader sees "red" turn into "blue"
 * rather than two unrelated sentences.
 */

export type DiffSegment = { kind: "same" | "added" | "removed"; text: string };

/**
 * Prompts are at most PROMPT_MAX_CHARS (4000) characters, so a full table could reach millions of
 * cells. After the common ends are trimmed a small edit costs little; two middles this different
 * (about 1000 tokens each) read no better as a diff than as a whole replacement.
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
      : lcsOps(middleA, middleB);
  return tidy([...a.slice(0, head).map((text) => op("same", text)), ...middle, ...a.slice(a.length - tail).map((text) => op("same", text))]);
}

const op = (kind: DiffSegment["kind"], text: string): DiffSegment => ({ kind, text });

function lcsOps(a: string[], b: string[]): DiffSegment[] {
  const width = b.length + 1;
  // suffix[i * width + j]: the longest common subsequence of a[i..] and b[j..]; the bound keeps it
  // under 1000 tokens, well within 16 bits.
  const suffix = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      suffix[i * width + j] =
        a[i] === b[j] ? suffix[(i + 1) * width + j + 1]! + 1 : Math.max(suffix[(i + 1) * width + j]!, suffix[i * width + j + 1]!);
    }
  }
  const ops: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push(op("same", a[i]!));
      i += 1;
      j += 1;
    } else if (suffix[(i + 1) * width + j]! >= suffix[i * width + j + 1]!) {
      ops.push(op("removed", a[i]!));
      i += 1;
    } else {
      ops.push(op("added", b[j]!));
      j += 1;
    }
  }
  while (i < a.length) ops.push(op("removed", a[i++]!));
  while (j < b.length) ops.push(op("added", b[j++]!));
  return ops;
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

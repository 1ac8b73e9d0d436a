import "server-only";
/**
 * The plain-language edits the offline engine understands in an edit prompt. It reads words, not
 * meaning: "blur" anywhere in the prompt blurs, even in "do not blur" — it is a stand-in for a model
 * that lets the studio's edit flow be used and tested without an API key, not a language parser.
 */
export type EditOperation =
  | { kind: "greyscale" }
  | { kind: "blur" }
  | { kind: "sepia" }
  | { kind: "invert" }
  /** Clockwise quarter turns; "rotate left" is 270. */
  | { kind: "rotate"; degrees: 90 | 180 | 270 }
  /** vertical: top and bottom swap ("flip"); horizontal: left and right swap ("mirror"). */
  | { kind: "flip"; direction: "vertical" | "horizontal" }
  | { kind: "brighten" }
  | { kind: "darken" }
  | { kind: "warm" }
  | { kind: "cool" };

const THE_PICTURE = String.raw`(?:\s+(?:it|this|that|the\s+(?:image|picture|photo)))?`;
const CLOCKWISE = String.raw`clockwise|right`;
const COUNTER_CLOCKWISE = String.raw`counter-?clockwise|anti-?clockwise|left`;

interface Rule {
  /** Global and case-insensitive; `\b` on both ends so that "blurb" is not "blur". */
  pattern: RegExp;
  /** Null when the words name no change at all, such as "rotate 360". */
  read: (match: RegExpExecArray) => EditOperation | null;
}

const RULES: readonly Rule[] = [
  {
    pattern:
      /\b(?:black[\s-]*(?:and|&|n)[\s-]*white|b\s*&\s*w|gr[ae]y[\s-]*scaled?|monochrome|desaturated?)\b/gi,
    read: () => ({ kind: "greyscale" }),
  },
  { pattern: /\b(?:blur|blurs|blurry|blurred|blurrier)\b/gi, read: () => ({ kind: "blur" }) },
  { pattern: /\bsepia\b/gi, read: () => ({ kind: "sepia" }) },
  { pattern: /\b(?:invert|inverted|negative)\b/gi, read: () => ({ kind: "invert" }) },
  {
    pattern: new RegExp(
      String.raw`\brotat(?:e|ed|ion)\b${THE_PICTURE}(?:\s+by)?` +
        String.raw`(?:\s*(?<angle>[+-]?\d{1,3})(?:\s*(?:°|(?:degrees?|deg)\b))?)?` +
        String.raw`(?:\s+(?:to\s+the\s+)?(?<direction>${COUNTER_CLOCKWISE}|${CLOCKWISE})\b)?`,
      "gi",
    ),
    read: (match) => rotation(match.groups?.angle, match.groups?.direction),
  },
  { pattern: /\bupside[\s-]+down\b/gi, read: () => ({ kind: "rotate", degrees: 180 }) },
  {
    pattern: new RegExp(
      String.raw`\bflip(?:ped)?${THE_PICTURE}\s+(?:horizontally|sideways|left[\s-]+(?:to|and)[\s-]+right)\b`,
      "gi",
    ),
    read: () => ({ kind: "flip", direction: "horizontal" }),
  },
  { pattern: /\b(?:mirror|mirrored)\b/gi, read: () => ({ kind: "flip", direction: "horizontal" }) },
  {
    pattern: new RegExp(String.raw`\bflip(?:ped)?\b(?:${THE_PICTURE}\s+vertically\b)?`, "gi"),
    read: () => ({ kind: "flip", direction: "vertical" }),
  },
  {
    pattern: /\b(?:brighter|brighten|brightened|lighter|lighten|lightened)\b/gi,
    read: () => ({ kind: "brighten" }),
  },
  { pattern: /\b(?:darker|darken|darkened)\b/gi, read: () => ({ kind: "darken" }) },
  { pattern: /\b(?:warmer|warm\s+(?:it\s+)?up)\b/gi, read: () => ({ kind: "warm" }) },
  { pattern: /\b(?:cooler|cool\s+(?:it\s+)?down)\b/gi, read: () => ({ kind: "cool" }) },
];

/**
 * Only quarter turns: any other angle is rounded to the nearest one, because an arbitrary angle
 * would leave empty corners in a picture whose size is fixed by the request.
 */
function rotation(angle: string | undefined, direction: string | undefined): EditOperation | null {
  const counterClockwise =
    direction !== undefined && new RegExp(`^(?:${COUNTER_CLOCKWISE})$`, "i").test(direction);
  const quarterTurns =
    Math.round((angle === undefined ? 90 : Number(angle)) / 90) * (counterClockwise ? -1 : 1);
  const degrees = (((quarterTurns % 4) + 4) % 4) * 90;
  if (degrees === 90 || degrees === 180 || degrees === 270) return { kind: "rotate", degrees };
  return null;
}

/**
 * The edits named in `prompt`, in the order it first names them. Where two rules match overlapping
 * words ("flip horizontally" is also "flip") the one that starts first, then the longer, wins.
 * A repeated edit counts once: prompts restate themselves ("invert it into a negative" must not
 * invert twice), and it bounds the work a 4000-character prompt can ask for.
 */
export function parseEditOperations(prompt: string): EditOperation[] {
  const found = RULES.flatMap((rule) =>
    Array.from(prompt.matchAll(rule.pattern), (match) => ({
      start: match.index,
      end: match.index + match[0].length,
      operation: rule.read(match),
    })),
  ).sort((left, right) => left.start - right.start || right.end - left.end);

  const operations = new Map<string, EditOperation>();
  let claimedUntil = 0;
  for (const { start, end, operation } of found) {
    if (start < claimedUntil) continue;
    claimedUntil = end;
    const key = JSON.stringify(operation);
    if (operation && !operations.has(key)) operations.set(key, operation);
  }
  return [...operations.values()];
}

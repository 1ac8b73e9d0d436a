import "server-only";
import type { SeededRandom } from "./seeded-random";

/** A hue on the colour wheel (degrees) with the mood a word brings: how vivid and how light. */
interface ColourMood {
  hue: number;
  saturation?: number;
  lightness?: number;
  /** Words such as "sunset" name a gradient, not one colour: the second hue it runs towards. */
  towards?: number;
}

const COLOUR_WORDS: ReadonlyArray<{ words: RegExp; mood: ColourMood }> = [
  { words: /\b(sunset|dusk)\b/i, mood: { hue: 18, saturation: 85, towards: 300 } },
  { words: /\b(sunrise|dawn)\b/i, mood: { hue: 38, saturation: 80, lightness: 62, towards: 340 } },
  { words: /\b(night|midnight|dark|space)\b/i, mood: { hue: 235, saturation: 55, lightness: 28 } },
  { words: /\b(forest|jungle|moss)\b/i, mood: { hue: 135, saturation: 55, lightness: 36 } },
  { words: /\b(ocean|sea|water|waves?)\b/i, mood: { hue: 198, saturation: 75 } },
  { words: /\b(snow|snowy|ice|icy|winter|frosty?)\b/i, mood: { hue: 205, saturation: 35, lightness: 78 } },
  { words: /\b(desert|sand|sandy|beach)\b/i, mood: { hue: 36, saturation: 50, lightness: 66 } },
  { words: /\b(autumn|fall)\b/i, mood: { hue: 24, saturation: 75, towards: 48 } },
  { words: /\b(fire|flames?|lava)\b/i, mood: { hue: 8, saturation: 90, towards: 42 } },
  { words: /\b(neon|cyberpunk)\b/i, mood: { hue: 305, saturation: 95, towards: 185 } },
  { words: /\b(pastel|soft)\b/i, mood: { hue: 330, saturation: 45, lightness: 80 } },
  { words: /\b(red|crimson|scarlet|ruby)\b/i, mood: { hue: 0 } },
  { words: /\b(orange|amber|tangerine)\b/i, mood: { hue: 28 } },
  { words: /\b(yellow|gold|golden|sunny|lemon)\b/i, mood: { hue: 48 } },
  { words: /\b(green|emerald|grass|leaf|leaves)\b/i, mood: { hue: 125 } },
  { words: /\b(teal|turquoise|aqua|cyan)\b/i, mood: { hue: 180 } },
  { words: /\b(blue|azure|sky|sapphire)\b/i, mood: { hue: 215 } },
  { words: /\b(navy|indigo)\b/i, mood: { hue: 235, lightness: 34 } },
  { words: /\b(purple|violet|lavender|lilac|plum)\b/i, mood: { hue: 275 } },
  { words: /\b(pink|magenta|rose|fuchsia)\b/i, mood: { hue: 330 } },
  { words: /\b(brown|coffee|chocolate|wood)\b/i, mood: { hue: 25, saturation: 45, lightness: 34 } },
];

/** The moods named in the prompt, in the order the prompt names them. */
function moodsInPrompt(prompt: string): ColourMood[] {
  return COLOUR_WORDS.map(({ words, mood }) => ({ mood, at: prompt.search(words) }))
    .filter(({ at }) => at >= 0)
    .sort((left, right) => left.at - right.at)
    .map(({ mood }) => mood);
}

export interface Palette {
  /** Three stops for the background gradient, dark to light. */
  background: [string, string, string];
  /** Colours for the shapes in front of it. */
  accents: string[];
  /** A light tint for glows. */
  glow: string;
}

const HARMONIES: ReadonlyArray<readonly number[]> = [
  [0, 30, -30, 60],
  [0, 180, 150, 30],
  [0, 120, 240, 20],
  [0, 150, 210, -20],
];

/**
 * A palette that follows colour harmony rules (analogous, complementary, triadic, split) around a
 * base hue, so any seed gives colours that sit well together. Colour words in the prompt pick the
 * base hue and mood, and one colour word keeps the palette close to it (one accent aside); without
 * them the hue and the harmony come from the seed.
 */
export function paletteFor(prompt: string, random: SeededRandom): Palette {
  const [first, second] = moodsInPrompt(prompt);
  const baseHue = (first?.hue ?? random.between(0, 360)) + random.between(-8, 8);
  const saturation = first?.saturation ?? random.between(55, 85);
  const lightness = first?.lightness ?? random.between(42, 58);
  const secondHue = first?.towards ?? second?.hue;
  const offsets =
    secondHue !== undefined
      ? [0, secondHue - baseHue, (secondHue - baseHue) / 2, random.between(-25, 25)]
      : first
        ? [0, 18, -18, random.pick([40, -40, 180])]
        : random.pick(HARMONIES);
  const hues = offsets.map((offset) => baseHue + offset);
  const hueAt = (index: number): number => hues[index % hues.length] ?? baseHue;

  return {
    background: [
      hsl(hueAt(0), saturation, lightness * 0.45),
      hsl(hueAt(2), saturation * 0.9, lightness * 0.85),
      hsl(hueAt(1), saturation, Math.min(lightness * 1.35, 88)),
    ],
    accents: hues.map((hue, index) =>
      hsl(hue, Math.min(saturation + 10, 100), Math.min(lightness + index * 7 + random.between(-6, 10), 90)),
    ),
    glow: hsl(hueAt(1), saturation * 0.6, 88),
  };
}

/** A hex colour, so the SVG carries no locale-dependent number formatting. */
function hsl(hue: number, saturation: number, lightness: number): string {
  const h = (((hue % 360) + 360) % 360) / 360;
  const s = Math.max(0, Math.min(saturation, 100)) / 100;
  const l = Math.max(0, Math.min(lightness, 100)) / 100;
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (offset: number): string => {
    let t = h + offset;
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    let value = p;
    if (t < 1 / 6) value = p + (q - p) * 6 * t;
    else if (t < 1 / 2) value = q;
    else if (t < 2 / 3) value = p + (q - p) * (2 / 3 - t) * 6;
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(1 / 3)}${channel(0)}${channel(-1 / 3)}`;
}

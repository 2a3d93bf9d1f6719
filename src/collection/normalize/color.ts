const NAMED = ['black', 'cyan', 'magenta', 'yellow', 'light-cyan', 'light-magenta', 'photo-black', 'matte-black', 'gray', 'light-gray', 'red', 'green', 'blue'];

const HEX: Record<string, string> = { '#000000': 'black', '#00ffff': 'cyan', '#ff00ff': 'magenta', '#ffff00': 'yellow' };

/** A colour name in lower case with hyphens, from a colorant value, an IPP colour or a description; null when none. */
export function colorOf(...hints: (string | null | undefined)[]): string | null {
  for (const hint of hints) {
    if (!hint) continue;
    const text = hint.trim().toLowerCase();
    if (HEX[text]) return HEX[text]!;
    const dashed = text.replace(/[\s_]+/g, '-');
    if (NAMED.includes(dashed)) return dashed;
    // Descriptions name the colour among other words ("Black Cartridge HP CF259A"); "K" suffixes are not trusted alone.
    const found = [...NAMED].sort((a, b) => b.length - a.length).find((name) => new RegExp(`(^|[^a-z])${name.replace('-', '[- ]?')}([^a-z]|$)`).test(text));
    if (found) return found;
  }
  return null;
}

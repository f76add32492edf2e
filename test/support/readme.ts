import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root folder. */
export const ROOT = new URL('../..', import.meta.url).pathname;

/** The README's text. */
export const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's fenced blocks that follow a `<!-- readme-<kind>: <arg> -->` marker, with the `text` block after each. */
export const marked = (kind: string) =>
  [
    ...README.matchAll(
      new RegExp(
        `<!-- readme-${kind}: (\\S+) -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`(?:\\s*\\n(?:prints\\n\\n)?\`\`\`text\\n([\\s\\S]*?)\`\`\`)?`,
        'g',
      ),
    ),
  ].map((m) => ({ arg: m[1]!, body: m[2]!, output: m[3] }));

// A reader for ~/.netrc, where `wandb login` stores API keys. The format is
// small and stable (tokens: machine, default, login, password, account, macdef),
// and the npm packages for it are unmaintained, so it is read here.

export interface NetrcEntry {
  login?: string;
  password?: string;
}

/** Entries by machine name; the `default` entry, if any, under the empty string. */
export function parseNetrc(text: string): Map<string, NetrcEntry> {
  const entries = new Map<string, NetrcEntry>();
  const lines = text.split(/\r?\n/);
  const tokens: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*#/.test(line)) continue;
    // A macro definition runs to the next blank line; its body is not tokens.
    if (/^\s*macdef\s/.test(line)) {
      while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== '') i++;
      continue;
    }
    for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
      tokens.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? ''));
    }
  }
  let current: NetrcEntry | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === 'machine') {
      current = {};
      entries.set(tokens[++i] ?? '', current);
    } else if (token === 'default') {
      current = {};
      entries.set('', current);
    } else if (current && (token === 'login' || token === 'password')) {
      current[token] = tokens[++i] ?? '';
    } else if (token === 'account') {
      i++;
    }
  }
  return entries;
}

/** The password for `host` (tried as `hostname:port`, then `hostname`, then the default entry). */
export function netrcPasswordFor(text: string, url: URL): string | undefined {
  const entries = parseNetrc(text);
  for (const machine of [url.host, url.hostname, '']) {
    const password = entries.get(machine)?.password;
    if (password) return password;
  }
  return undefined;
}

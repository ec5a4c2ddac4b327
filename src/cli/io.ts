/** Reads a secret from standard input: the whole of a pipe, or one line typed at a terminal. */
export async function readSecretFromStdin(prompt: string): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write(prompt);
    const { createInterface } = await import('node:readline');
    const rl = createInterface({ input: process.stdin, terminal: false });
    return new Promise((resolve) => {
      rl.once('line', (line) => {
        rl.close();
        resolve(line);
      });
    });
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** A friendly line for the terminal, Italian first. */
export function say(it: string, en?: string): void {
  process.stdout.write(en ? `${it}\n  ${en}\n` : `${it}\n`);
}

/**
 * Secrets at rest (channel tokens): AES-256-GCM with a key from REDAZIONE_SECRET_KEY, from
 * REDAZIONE_SECRET_KEY_FILE, or from `secret.key` in the data folder (created on first use).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SealedSecret {
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

export interface SecretBox {
  keyId: string;
  seal(plaintext: string, context: string): SealedSecret;
  open(sealed: SealedSecret, context: string): string;
}

function decodeKey(raw: string, where: string): Buffer {
  const s = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes (64 hex digits or base64), got ${key.length} bytes`);
  return key;
}

/** Loads or creates the key; `context` (e.g. "ente:channel") is bound as associated data. */
export function loadSecretBox(opts: { secretKey: string | null; secretKeyFile: string | null; dataDir: string }): SecretBox {
  let key: Buffer;
  if (opts.secretKey) key = decodeKey(opts.secretKey, 'REDAZIONE_SECRET_KEY');
  else {
    const file = opts.secretKeyFile ?? path.join(opts.dataDir, 'secret.key');
    if (!fs.existsSync(file)) {
      if (opts.secretKeyFile) throw new Error(`REDAZIONE_SECRET_KEY_FILE ${file} does not exist`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    key = decodeKey(fs.readFileSync(file, 'utf8'), file);
  }
  const keyId = crypto.createHash('sha256').update(key).digest('hex').slice(0, 12);
  return {
    keyId,
    seal(plaintext, context) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { keyId, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ct.toString('base64') };
    },
    open(sealed, context) {
      if (sealed.keyId !== keyId) throw new Error(`secret sealed with key ${sealed.keyId}, current key is ${keyId}`);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

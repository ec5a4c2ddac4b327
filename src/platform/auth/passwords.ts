import { hash, verify } from '@node-rs/argon2';

/** Minimum length asked of a new password (NIST SP 800-63B: length over composition rules). */
export const MIN_PASSWORD_LENGTH = 10;

/** Hashes a password with argon2id and the library's recommended parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash to compare against when the user does not exist, so timing does not reveal it. */
let dummy: Promise<string> | null = null;

/** Verifies a password; compares against a dummy hash when `stored` is null. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hash('redazione-dummy-password');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

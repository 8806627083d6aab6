/**
 * Password hashing with argon2id (OWASP's recommended parameters: 19 MiB,
 * 2 iterations, 1 lane). Hashes are self-describing PHC strings, so the
 * parameters can be raised later without invalidating stored hashes.
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum, so spelt as its value) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when `password` matches `storedHash`; false (never a throw) for a malformed hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

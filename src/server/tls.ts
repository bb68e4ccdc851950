import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TlsConfig } from './config.js';

/** A certificate or key file the operator must fix: its message names the variable and the file. */
export class TlsFileError extends Error {
  override readonly name = 'TlsFileError';
}

/** A certificate chain and its private key, as `https.createServer` and `setSecureContext` take them. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  /** SHA-256 fingerprint of the leaf certificate (for the log). */
  fingerprint: string;
  /** When the leaf certificate expires. */
  validTo: string;
}

/**
 * Reads `SFU_TLS_CERT` and `SFU_TLS_KEY` and checks that they belong together, so a bad file is a
 * start-up error (or a refused reload) that names the file, not a TLS handshake that fails later.
 */
export function readTlsFiles({ certFile, keyFile }: TlsConfig): TlsFiles {
  const cert = readPem('SFU_TLS_CERT', certFile);
  const key = readPem('SFU_TLS_KEY', keyFile);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (error) {
    throw new TlsFileError(`SFU_TLS_CERT ${certFile} holds no PEM certificate (${(error as Error).message})`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new TlsFileError(`SFU_TLS_KEY ${keyFile} holds no unencrypted PEM private key (${(error as Error).message})`);
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new TlsFileError(`SFU_TLS_KEY ${keyFile} is not the key of the certificate in SFU_TLS_CERT ${certFile} (subject ${leaf.subject.replace(/\n/g, ', ')})`);
  }
  return { cert, key, fingerprint: leaf.fingerprint256, validTo: leaf.validTo };
}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new TlsFileError(`${variable} ${file} cannot be read (${code ?? message})`);
  }
}

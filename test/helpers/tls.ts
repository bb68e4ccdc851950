import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';

/** A self-signed P-256 certificate for 127.0.0.1 made by the openssl CLI; written to `dir/name.{cert,key}.pem`. */
export function selfSigned(dir: string, name: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, `${name}.cert.pem`);
  const keyFile = join(dir, `${name}.key.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${name}`,
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

export interface HttpsAnswer {
  status: number;
  body: string;
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint: string;
}

/** One HTTPS request on a fresh connection, trusting any certificate (they are self-signed here). */
export function httpsRequest(url: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, rejectUnauthorized: false, agent: false }, (response) => {
      const fingerprint = (response.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, fingerprint }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

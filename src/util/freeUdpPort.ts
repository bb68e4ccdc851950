import { createSocket } from 'node:dgram';

/** A UDP port on `ip` that was free a moment ago (bound to 0, read, released) for a child process to bind. */
export function freeUdpPort(ip = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, ip, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/**
 * The configuration a benchmark Janus starts with, written into a temp dir of its own: the core
 * (janus.jcfg), the HTTP transport and the VideoRoom plugin, and plugin/transport folders that hold
 * only those two libraries (links into the Debian package's), so nothing else loads.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface JanusConfigOptions {
  /** Where the Debian package keeps plugins/ and transports/ (found under /usr/lib when left out). */
  libDir?: string;
  /** Loopback port of the Janus HTTP API. */
  httpPort: number;
  /** The one address ICE gathers on (127.0.0.1, which the loopback shim lets Janus see). */
  iceAddress: string;
  /** UDP ports for the PeerConnections, one per handle (bundle and rtcp-mux). */
  rtpPorts: { min: number; max: number };
  /**
   * Janus's `event_loops`: a fixed number of media loops that handles share, or 'per-handle' for
   * Janus's default of one loop (and thread) per handle.
   */
  eventLoops: number | 'per-handle';
  /** 0 (none) to 7 (debug). @default 4, Janus's default (info) */
  debugLevel?: number;
  /** The log file (inside the temp dir). */
  logFile: string;
}

/** The Debian package's plugin and transport libraries. */
const videoroomLibrary = 'libjanus_videoroom.so';
const httpLibrary = 'libjanus_http.so';

/** Finds `<libDir>/janus` (e.g. /usr/lib/x86_64-linux-gnu/janus) as the Debian package lays it out. */
export function findJanusLibDir(): string {
  const candidates = ['/usr/lib/janus', ...safeList('/usr/lib').map((arch) => `/usr/lib/${arch}/janus`), '/usr/local/lib/janus', '/opt/janus/lib/janus'];
  const found = candidates.find((dir) => existsSync(join(dir, 'plugins', videoroomLibrary)) && existsSync(join(dir, 'transports', httpLibrary)));
  if (!found) throw new Error(`no Janus plugins found (looked for plugins/${videoroomLibrary} under ${candidates.join(', ')}): apt-get install janus`);
  return found;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The three .jcfg files, by file name. */
export function janusConfigFiles(dir: string, options: JanusConfigOptions): Record<string, string> {
  const loops = options.eventLoops === 'per-handle' ? '' : `\n\tevent_loops = ${options.eventLoops}`;
  return {
    'janus.jcfg': `general: {
\tconfigs_folder = "${dir}"
\tplugins_folder = "${join(dir, 'plugins')}"
\ttransports_folder = "${join(dir, 'transports')}"
\tevents_folder = "${join(dir, 'events')}"
\tloggers_folder = "${join(dir, 'loggers')}"
\tlog_to_stdout = false
\tlog_to_file = "${options.logFile}"
\tdebug_level = ${options.debugLevel ?? 4}
\tdebug_timestamps = true
\tdebug_colors = false
\tinterface = "${options.iceAddress}"
\tserver_name = "open-realtime-sfu-bench"
\t# The long poll keeps the one session alive; 0 also spares a run that stalls (a saturated machine) from losing it.
\tsession_timeout = 0
\thide_dependencies = true${loops}
}
media: {
\trtp_port_range = "${options.rtpPorts.min}-${options.rtpPorts.max}"
}
nat: {
\tnice_debug = false
\tignore_mdns = true
\tice_enforce_list = "${options.iceAddress}"
}
plugins: {
}
transports: {
}
loggers: {
}
events: {
\tbroadcast = false
}
`,
    'janus.transport.http.jcfg': `general: {
\tjson = "compact"
\tbase_path = "/janus"
\thttp = true
\tport = ${options.httpPort}
\tip = "127.0.0.1"
\thttps = false
}
admin: {
\tadmin_http = false
\tadmin_https = false
}
`,
    // Rooms are created over the API at start (janus.ts); the plugin needs only its general section.
    'janus.plugin.videoroom.jcfg': `general: {
\tevents = false
}
`,
  };
}

/** Writes the config into `dir` and links the two libraries into its plugin and transport folders. */
export function writeJanusConfig(dir: string, options: JanusConfigOptions): void {
  const libDir = options.libDir ?? findJanusLibDir();
  for (const folder of ['plugins', 'transports', 'events', 'loggers']) mkdirSync(join(dir, folder), { recursive: true });
  symlinkSync(join(libDir, 'plugins', videoroomLibrary), join(dir, 'plugins', videoroomLibrary));
  symlinkSync(join(libDir, 'transports', httpLibrary), join(dir, 'transports', httpLibrary));
  for (const [name, text] of Object.entries(janusConfigFiles(dir, options))) writeFileSync(join(dir, name), text);
}

import type { types } from 'mediasoup';
import { codecKey, isRtx } from './codecs.js';
import type { RemoteDescription } from './remoteDescription.js';

/** Dynamic payload types, the preferred range first (RFC 3551, then the range RFC 7587 reuses). */
const dynamicPayloadTypes = [...range(96, 127), ...range(35, 63)];

/**
 * Payload types and header-extension ids already in use on one PeerConnection.
 *
 * All m-sections of a BUNDLE share one RTP session, so a payload type (and an extmap id) must mean
 * the same codec (and URI) in every section, whoever wrote it. This remembers what the client used
 * and hands out the same numbers, or unused ones, when the SFU writes new sections.
 */
export class NegotiatedIds {
  readonly #payloadTypeByKey = new Map<string, number>();
  readonly #keyByPayloadType = new Map<number, string>();
  readonly #extensionIdByUri = new Map<string, number>();
  readonly #uriByExtensionId = new Map<number, string>();

  /** Records the numbers a client's offer or answer used; the client's choice wins. */
  learn(description: RemoteDescription): void {
    for (const section of description.sections) {
      const byPayloadType = new Map(section.codecs.map((c) => [c.payloadType, c]));
      for (const codec of section.codecs) {
        const apt = byPayloadType.get(Number(codec.parameters['apt']));
        const key = isRtx(codec) ? (apt ? `rtx:${codecKey(apt)}` : undefined) : codecKey(codec);
        if (key && !this.#keyByPayloadType.has(codec.payloadType) && !this.#payloadTypeByKey.has(key)) {
          this.#bindPayloadType(key, codec.payloadType);
        }
      }
      for (const ext of section.headerExtensions) {
        if (!this.#uriByExtensionId.has(ext.id) && !this.#extensionIdByUri.has(ext.uri)) {
          this.#bindExtension(ext.uri, ext.id);
        }
      }
    }
  }

  /**
   * RTP capabilities to consume with: the router's codecs and extensions, renumbered so they agree
   * with everything already negotiated on this PeerConnection.
   */
  capabilitiesFor(router: types.RtpCapabilities): types.RtpCapabilities {
    const codecs: types.RtpCodecCapability[] = [];
    const keyOfRouterPayloadType = new Map<number, string>();
    for (const codec of router.codecs ?? []) {
      if (isRtx(codec)) continue;
      const key = codecKey(codec);
      keyOfRouterPayloadType.set(codec.preferredPayloadType!, key);
      codecs.push({ ...codec, preferredPayloadType: this.#payloadTypeFor(key, codec.preferredPayloadType) });
    }
    for (const codec of router.codecs ?? []) {
      if (!isRtx(codec)) continue;
      const aptKey = keyOfRouterPayloadType.get(Number(codec.parameters?.['apt']));
      if (!aptKey) continue;
      const apt = this.#payloadTypeByKey.get(aptKey)!;
      codecs.push({
        ...codec,
        preferredPayloadType: this.#payloadTypeFor(`rtx:${aptKey}`, codec.preferredPayloadType),
        parameters: { apt },
      });
    }
    const headerExtensions = (router.headerExtensions ?? []).flatMap((ext) => {
      const preferredId = this.#extensionIdFor(ext.uri, ext.preferredId);
      return preferredId === undefined ? [] : [{ ...ext, preferredId }];
    });
    return { codecs, headerExtensions };
  }

  #payloadTypeFor(key: string, preferred: number | undefined): number {
    const known = this.#payloadTypeByKey.get(key);
    if (known !== undefined) return known;
    const free =
      preferred !== undefined && !this.#keyByPayloadType.has(preferred)
        ? preferred
        : dynamicPayloadTypes.find((pt) => !this.#keyByPayloadType.has(pt));
    if (free === undefined) throw new Error('no free RTP payload type left on this PeerConnection');
    this.#bindPayloadType(key, free);
    return free;
  }

  /** The id for `uri`, or undefined when all one-byte ids (1-14) are taken: the extension is left out. */
  #extensionIdFor(uri: string, preferred: number): number | undefined {
    const known = this.#extensionIdByUri.get(uri);
    if (known !== undefined) return known;
    const free = !this.#uriByExtensionId.has(preferred)
      ? preferred
      : range(1, 14).find((id) => !this.#uriByExtensionId.has(id));
    if (free !== undefined) this.#bindExtension(uri, free);
    return free;
  }

  #bindPayloadType(key: string, payloadType: number): void {
    this.#payloadTypeByKey.set(key, payloadType);
    this.#keyByPayloadType.set(payloadType, key);
  }

  #bindExtension(uri: string, id: number): void {
    this.#extensionIdByUri.set(uri, id);
    this.#uriByExtensionId.set(id, uri);
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A change an exporter reported for a pipe consumer whose import has not finished yet. */
export interface News {
  closed: boolean;
  paused?: boolean;
  seq: number;
}

/**
 * News that overtook its consume reply: the exporter's producerClosed/producerState for a pipe
 * consumer can arrive (over another HTTP request) before the importer learns the consumer's id.
 * Kept per exporter only while imports from it are under way, so nothing piles up.
 */
export class EarlyNews {
  /** Imports under way per exporter. */
  readonly #pending = new Map<string, number>();
  readonly #news = new Map<string, Map<string, News>>();

  begin(peer: string): void {
    this.#pending.set(peer, (this.#pending.get(peer) ?? 0) + 1);
  }

  end(peer: string): void {
    const left = (this.#pending.get(peer) ?? 1) - 1;
    if (left > 0) return void this.#pending.set(peer, left);
    this.#pending.delete(peer);
    this.#news.delete(peer);
  }

  /** Keeps news about a consumer not known yet, if an import from `peer` may be waiting for it. */
  keep(peer: string, consumerId: string, news: News): void {
    if (!this.#pending.get(peer)) return;
    let byConsumer = this.#news.get(peer);
    if (!byConsumer) this.#news.set(peer, (byConsumer = new Map()));
    const known = byConsumer.get(consumerId);
    if (known?.closed || (known && known.seq > news.seq)) return;
    byConsumer.set(consumerId, news);
  }

  take(peer: string, consumerId: string): News | undefined {
    const news = this.#news.get(peer)?.get(consumerId);
    this.#news.get(peer)?.delete(consumerId);
    return news;
  }

  forget(peer: string): void {
    this.#news.delete(peer);
  }
}

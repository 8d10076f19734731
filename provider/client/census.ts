/**
 * "Is this room (or meeting) still among the user's?", answered from one listing of them that concurrent callers
 * share. It is the proof behind "gone" (runtime/gone.ts): a real controller answers a missing room and another user's
 * room alike (403, empty body), so only the controller's own list, read after that answer, can say the room no longer
 * exists.
 *
 * A listing counts as proof for a denial only if it was started after the denial arrived; a refresh that finds 500
 * rooms gone shares a handful of listings between them, not 500.
 */
export class Census {
  private latest?: Listing;
  private queued?: Promise<Listing>;

  constructor(
    private readonly listIds: () => Promise<string[]>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a listing started at or after `notBefore` (ms since the epoch) holds `id`. */
  async lists(id: string, notBefore: number): Promise<boolean> {
    const ids = await this.listingSince(notBefore);
    return ids.has(id.toLowerCase());
  }

  private listingSince(notBefore: number): Promise<Set<string>> {
    if (this.latest && this.latest.startedAt >= notBefore) return this.latest.ids;
    // The listing under way (if any) began too early: the next one starts when it ends, for everyone asking now.
    this.queued ??= (this.latest?.ids.catch(() => undefined) ?? Promise.resolve()).then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued.then((listing) => listing.ids);
  }

  private start(): Listing {
    const startedAt = this.now();
    const ids = this.listIds().then((all) => new Set(all.map((id) => id.toLowerCase())));
    this.latest = { startedAt, ids };
    return this.latest;
  }
}

interface Listing {
  startedAt: number;
  ids: Promise<Set<string>>;
}

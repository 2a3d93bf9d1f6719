import { DemoApiError, type DemoClient } from './demo-client.js';

/** A job line as the API answers it (the part the demo's people read). */
export interface ApiJobLine {
  id: string;
  sku: string;
  color: string | null;
  kind: string;
  quantity: number;
  backorder: boolean;
  supplyIndex: number;
  completedAt: string | null;
}

/** A job as the API answers it (the part the demo's people read). */
export interface ApiJob {
  id: string;
  number: string;
  orderLabel: string;
  status: string;
  serial: string | null;
  statusChangedAt: string;
  excess: { confirmedAt: string | null } | null;
  lines: ApiJobLine[];
}

interface ScanAnswer {
  accepted: boolean;
  reason: string | null;
  jobId: string | null;
  lines: { sku: string; packed: number; required: number }[];
  complete: boolean;
}

interface PickListJob { lines: { sku: string; quantity: number; backorder: boolean }[] }

/** What the operator did with a ready job: packed it (so many units scanned in this pass), or why it is left for now. */
export type PackOutcome = { done: true; units: number } | { done: false; why: string };

/** A unit label on a box on the shelf, by SKU: what the operator stuck on the boxes it received and counted in. */
export type Shelf = Map<string, string[]>;

/**
 * The demo's warehouse operator: works only through the API the scan station uses. Receiving makes a goods receipt
 * (a unit label per box), then scans each box in at its bin, so stock counts come from scans. Packing a ready job takes
 * its pick list, picks a box of each SKU from the shelf, and scans pairs at its bench — the unit's label, then the job's
 * order label — until the station says the job is complete (the station then makes it packed); then it hands the box to
 * the carrier with a tracking number through dispatch.
 * It remembers the labels of the boxes it counted in (a person sees them on the boxes); a box someone else packed meanwhile
 * is refused by the station as already packed, and the operator takes the next one.
 */
export class SimulatedOperator {
  constructor(private readonly api: DemoClient, readonly shelf: Shelf, private readonly options: { bench: string; goodsIn: string; carrier: string }) {}

  /** Receives `quantity` boxes of `sku` at `bin`: labels from a receipt, each box scanned in. Answers how many counted. */
  async receive(sku: string, quantity: number, bin: string): Promise<number> {
    const receipt = await this.api.post<{ units: { label: string }[] }>('/warehouse/receipts', { sku, quantity, location: bin });
    let counted = 0;
    for (const { label } of receipt.units) {
      const answer = await this.scan(this.options.goodsIn, label, 'receive');
      if (!answer.accepted) continue;
      this.shelf.set(sku, [...(this.shelf.get(sku) ?? []), label]);
      counted += 1;
    }
    return counted;
  }

  /** The job the bench is in the middle of (a pass cut short), to finish before any other. */
  async benchJob(): Promise<string | null> {
    return (await this.api.get<{ jobId: string | null }>(`/warehouse/stations/${encodeURIComponent(this.options.bench)}`)).jobId;
  }

  /** Packs a ready job by scanning pairs at the bench until the station says it is complete; or says why it is left for now. */
  async pack(job: ApiJob): Promise<PackOutcome> {
    let pick: PickListJob | undefined;
    try {
      pick = (await this.api.get<{ jobs: PickListJob[] }>(`/warehouse/pick-list?jobIds=${job.id}`)).jobs[0];
    } catch (error) {
      // Moved on or cancelled by someone else since the board was read.
      if (error instanceof DemoApiError && (error.status === 409 || error.status === 404)) return { done: false, why: error.message };
      throw error;
    }
    if (!pick) return { done: false, why: `${job.number} is not on the pick list.` };
    if (pick.lines.some((l) => l.backorder)) return { done: false, why: `${job.number} waits for a back order.` };
    const need = new Map<string, number>();
    for (const line of pick.lines) need.set(line.sku, (need.get(line.sku) ?? 0) + line.quantity);
    const bench = await this.api.get<ScanAnswer>(`/warehouse/stations/${encodeURIComponent(this.options.bench)}`);
    if (bench.jobId !== null && bench.jobId !== job.id) return { done: false, why: 'the bench is packing another job' };
    const counted = (answer: ScanAnswer) => {
      if (answer.jobId !== job.id) return;
      need.clear();
      for (const line of answer.lines) need.set(line.sku, line.required - line.packed);
    };
    counted(bench);
    let units = 0;
    // Each pass of the loop is one pair; a box taken meanwhile costs a pass, so the bound is generous.
    for (let pass = 0; pass < 4 * [...need.values()].reduce((a, b) => a + b, 0) + 8; pass += 1) {
      const sku = [...need].find(([, count]) => count > 0)?.[0];
      if (sku === undefined) break;
      const label = this.shelf.get(sku)?.shift();
      if (label === undefined) return { done: false, why: `no box of ${sku} on the shelf` };
      const unit = await this.scan(this.options.bench, label);
      if (!unit.accepted) {
        if (unit.reason === 'order-label-expected' || unit.reason === 'same-label-twice') {
          // A unit from a pass cut short waits for its box label: confirm it into this job's box (or have it put back).
          this.shelf.get(sku)!.unshift(label);
          counted(await this.scan(this.options.bench, job.orderLabel));
          continue;
        }
        // Packed by someone else meanwhile, or never counted in: not a box to take.
        if (unit.reason === 'already-packed' || unit.reason === 'unknown-label') continue;
        this.shelf.get(sku)!.unshift(label);
        return { done: false, why: `the station refused ${label} (${unit.reason})` };
      }
      const box = await this.scan(this.options.bench, job.orderLabel);
      counted(box);
      if (box.accepted) units += 1;
      else if (box.reason !== 'already-packed') {
        this.shelf.get(sku)!.unshift(label);
        if (box.jobId !== job.id) return { done: false, why: `the station refused ${job.orderLabel} (${box.reason})` };
      }
      if (box.complete) return { done: true, units };
    }
    return { done: false, why: `${job.number} is not complete` };
  }

  /** Hands a packed job to the carrier with a tracking number (the server checks the box against the lines once more). */
  async dispatch(job: Pick<ApiJob, 'id' | 'number'>): Promise<{ carrier: string; trackingNumber: string }> {
    // A carrier's parcel number: 14 digits, the job's number in its tail.
    const trackingNumber = `1550${job.number.replace(/\D/g, '').padStart(10, '0')}`;
    await this.api.post(`/jobs/${job.id}/dispatch`, { carrier: this.options.carrier, trackingNumber });
    return { carrier: this.options.carrier, trackingNumber };
  }

  private scan(station: string, code: string, mode: 'pack' | 'receive' = 'pack'): Promise<ScanAnswer> {
    return this.api.post<ScanAnswer>('/warehouse/scans', { station, code, mode });
  }
}

/** A job line as the pick list needs it. */
export interface PickLine {
  jobNumber: string;
  sku: string;
  description: string;
  quantity: number;
  /** The bin its quantity is reserved at; null while it is a back order. */
  location: string | null;
  backorder: boolean;
}

/** One bin's picks: each SKU with the total to take and how many go to which job. */
export interface BinPick {
  location: string;
  items: { sku: string; description: string; quantity: number; jobs: { number: string; quantity: number }[] }[];
}

/**
 * The wave grouped by bin, so the picker walks each bin once: bins in name order (bin names are the walk order a
 * warehouse gives them, A-01 before A-02), SKUs by name within a bin, jobs by number. Back-ordered lines are not picked
 * (nothing is reserved for them); they are listed apart so nobody hunts for them.
 */
export function groupPicksByBin(lines: readonly PickLine[]): { bins: BinPick[]; backorders: PickLine[] } {
  const bins = new Map<string, Map<string, BinPick['items'][number]>>();
  const backorders: PickLine[] = [];
  for (const line of lines) {
    if (line.backorder || line.location === null) {
      backorders.push(line);
      continue;
    }
    const items = bins.get(line.location) ?? new Map<string, BinPick['items'][number]>();
    bins.set(line.location, items);
    const item = items.get(line.sku) ?? { sku: line.sku, description: line.description, quantity: 0, jobs: [] };
    items.set(line.sku, item);
    item.quantity += line.quantity;
    const job = item.jobs.find((j) => j.number === line.jobNumber);
    if (job) job.quantity += line.quantity;
    else item.jobs.push({ number: line.jobNumber, quantity: line.quantity });
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  return {
    bins: [...bins.entries()].sort(([a], [b]) => byName(a, b)).map(([location, items]) => ({
      location,
      items: [...items.values()].sort((a, b) => byName(a.sku, b.sku)).map((i) => ({ ...i, jobs: i.jobs.sort((a, b) => byName(a.number, b.number)) })),
    })),
    backorders,
  };
}

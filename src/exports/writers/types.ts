/**
 * What every export writer is: it turns a header and batches of text rows into bytes for a
 * ByteSink. `write` resolves once the sink can take more (backpressure), so a writer never runs
 * ahead of the disk and memory stays bounded by one batch plus the streams' buffers.
 */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
}

export interface TableWriter {
  begin(header: string[]): Promise<void>;
  rows(rows: string[][]): Promise<void>;
  end(): Promise<void>;
  /** Stops internal streams after a failure or a cancel; the caller removes the file. */
  abort(): void;
  /** The most bytes ever held inside the writer (e.g. in the deflate stream): the memory bound. */
  peakBuffered(): number;
}

export interface WriterOptions {
  /** The file's title (HTML <title>, XLSX sheet names). */
  title: string;
  /** The export's time (ZIP entry times). */
  now: number;
}

export const encoder = new TextEncoder();

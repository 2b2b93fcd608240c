// A barcode scanner is a keyboard: it types a code fast and ends it with Enter. Wherever the focus is
// (outside text inputs), a burst of keys ending in Enter is a scan.
export interface ScanOptions {
  // Keys further apart than this are a person typing, not a scanner.
  maxGapMs?: number;
  minLength?: number;
}

export class ScanBuffer {
  private text = "";
  private last = 0;
  constructor(private readonly options: ScanOptions = {}) {}

  // Feeds one key at time `now` (ms); returns the scanned code when the key ends a scan.
  key(key: string, now: number): string | null {
    const gap = this.options.maxGapMs ?? 50;
    if (now - this.last > gap) this.text = "";
    this.last = now;
    if (key === "Enter") {
      const code = this.text;
      this.text = "";
      return code.length >= (this.options.minLength ?? 3) ? code : null;
    }
    if (key.length === 1) this.text += key;
    return null;
  }
}

// Listens on the document; inputs keep their own keys (a scan into an input arrives as its value).
export function listenForScans(onScan: (code: string) => void, options?: ScanOptions): () => void {
  const buffer = new ScanBuffer(options);
  const handler = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    const code = buffer.key(e.key, e.timeStamp || performance.now());
    if (code !== null) {
      e.preventDefault();
      onScan(code);
    }
  };
  document.addEventListener("keydown", handler);
  return () => document.removeEventListener("keydown", handler);
}

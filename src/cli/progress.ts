/**
 * A one-line progress report on a terminal, redrawn at most once a second; silent in pipes
 * and CI, where a growing log of carriage returns helps nobody.
 */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = stream.isTTY === true && !process.env['CI'];
  }

  update(render: () => string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 1000) return;
    this.last = now;
    this.shown = true;
    this.stream.write(`\r\x1b[K${render()}`);
  }

  done(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
  }
}

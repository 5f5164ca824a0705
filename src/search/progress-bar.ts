/**
 * A progress bar for long CLI work, drawn on stderr so stdout stays a clean summary. On a terminal it redraws one
 * line; elsewhere (a pipe, a log) it prints a line per 10% so logs stay short.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  let lastTenth = -1;
  const started = Date.now();
  return (done, total) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done}/${total} ${seconds}s`);
      if (done >= total) stream.write('\n');
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    stream.write(`${label} [${'#'.repeat(tenth)}${'-'.repeat(10 - tenth)}] ${Math.round(ratio * 100)}% ${done}/${total} ${seconds}s\n`);
  };
}

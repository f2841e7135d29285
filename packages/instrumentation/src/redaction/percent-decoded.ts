// Percent-encoded text (a URL, a query string) hides the shapes the patterns
// look for: `%2B14155552671`, `jane%40example.com`. The redactor scans such
// text a second time, decoded.

/** Runs of `%XX` escapes decoded where they form UTF-8; malformed runs stay as they are. */
export function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

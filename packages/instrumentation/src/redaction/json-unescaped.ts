// JSON written inside a JSON string (a message body logged as a string, a
// queue payload, logs of logs) hides its names behind escapes:
// `{\"password\":\"…\"}` has no `"password":` for the patterns to find, and
// each further level doubles the backslashes. The redactor scans such text a
// second time with the escapes of quotes and backslashes undone.

/** Undoes `\"` and `\\` escapes, level by level, up to `levels` levels (while any `\"` is left). */
export function jsonUnescaped(text: string, levels = 3): string {
  let out = text
  for (let level = 0; level < levels && out.includes('\\"'); level++) out = out.replace(/\\(["\\])/g, '$1')
  return out
}

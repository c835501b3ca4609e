/** Turning the runtime's refusal of a live patch into a message per field of the inspector. */
export type Issue = { path?: string; message: string };

/**
 * Which fields a refused patch's error is about: the issues' first path segments when they name
 * fields of the patch (schema errors), else every field of the patch. An issue inside a field
 * keeps its whole path in the message.
 */
export function refusals(fields: string[], message: string, issues: Issue[] | null | undefined) {
  const out: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const field = issue.path?.split(/[.[]/)[0];
    // A nested issue keeps its path (`legs[1].venue: …`): the inspector places it on that field.
    if (field && fields.includes(field))
      out[field] ??= issue.path === field ? issue.message : `${issue.path}: ${issue.message}`;
  }
  if (Object.keys(out).length > 0) {
    // The rest of the batch was refused with them: say so under each.
    const named = Object.keys(out).join(', ');
    for (const f of fields) out[f] ??= `refused together with ${named}`;
    return out;
  }
  const named = /^([\w$]+):\s*(.*)$/s.exec(message);
  if (named && fields.includes(named[1]!)) return { [named[1]!]: named[2]! };
  return Object.fromEntries(fields.map((f) => [f, message]));
}

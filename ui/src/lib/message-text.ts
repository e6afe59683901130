// Messages from Rust mark the commands a person should run with backticks; this finds them, so a message
// can show each command as code with its own Copy button.

export interface TextPart {
  text: string;
  /** Text that was between backticks: a command to run. */
  code: boolean;
}

/** Splits "Run `aws sso login --profile dev` and test again." into plain text and code. */
export function splitCode(message: string): TextPart[] {
  const parts: TextPart[] = [];
  const pieces = message.split("`");
  // An unpaired backtick is left as text.
  const paired = pieces.length % 2 === 1;
  pieces.forEach((text, index) => {
    const code = paired && index % 2 === 1 && text.length > 0;
    if (!code && !paired && index > 0) text = "`" + text;
    if (text.length > 0) parts.push({ text, code });
  });
  return parts;
}

// Files that can become document blocks: plain text formats Converse accepts, read as text.

export const DOCUMENT_ACCEPT = ".txt,.md,.csv,.html";
const EXTENSIONS = [".txt", ".md", ".csv", ".html", ".htm"];

export function isDocumentFile(name: string): boolean {
  const lower = name.toLowerCase();
  return EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The file's text (UTF-8). */
export function readText(file: File): Promise<string> {
  if (typeof file.text === "function") return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsText(file);
  });
}

/** Bytes of `text` in UTF-8 (what Bedrock measures a document by). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a surrogate pair: one code point of four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A byte count in decimal units, as AWS states its limits: "5.0 MB", "812 KB", "90 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${Math.floor(bytes / 1_000)} KB`;
  return `${bytes} bytes`;
}

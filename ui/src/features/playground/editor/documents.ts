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

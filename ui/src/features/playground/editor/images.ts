// Files that can become image blocks: the four formats Bedrock reads, sent as their bytes (base64 in the
// conversation, as JSON carries them). Rust checks the bytes against the format and Bedrock's limits.
import type { ImageFormat } from "../../../lib/ipc/bindings";

export const IMAGE_ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,image/png,image/jpeg,image/gif,image/webp";

const BY_TYPE: Record<string, ImageFormat> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
};
const BY_EXTENSION: Record<string, ImageFormat> = { png: "png", jpg: "jpeg", jpeg: "jpeg", gif: "gif", webp: "webp" };

/** The image format of a file, by its type or (when the system gives none) its extension; `null` for other files. */
export function imageFormatOf(file: { name: string; type: string }): ImageFormat | null {
  const byType = BY_TYPE[file.type.toLowerCase()];
  if (byType) return byType;
  const extension = file.name.toLowerCase().split(".").pop() ?? "";
  return file.type === "" || file.type === "application/octet-stream" ? (BY_EXTENSION[extension] ?? null) : null;
}

/** The MIME type of a format, for a data URL. */
export function mediaType(format: ImageFormat): string {
  return `image/${format}`;
}

/** Base64 of bytes (chunked, so a large image does not overflow the argument list). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The file's bytes, base64. */
export async function readBase64(file: Blob): Promise<string> {
  const buffer =
    typeof file.arrayBuffer === "function"
      ? await file.arrayBuffer()
      : await new Promise<ArrayBuffer>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result as ArrayBuffer);
          reader.onerror = () => reject(reader.error ?? new Error("read failed"));
          reader.readAsArrayBuffer(file);
        });
  return toBase64(new Uint8Array(buffer));
}

/** The decoded size of base64 text, in bytes. */
export function base64Bytes(data: string): number {
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}
